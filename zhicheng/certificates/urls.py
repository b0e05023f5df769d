from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("verify/t/<str:token>/", views.verify_token, name="verify_token"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/e-certificate.pdf", views.e_certificate, name="e_certificate"),
    path("manage/", views.manage, name="manage"),
    path("manage/<int:pk>/void/", views.void, name="void"),
]
