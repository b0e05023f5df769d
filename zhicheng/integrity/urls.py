from django.urls import path

from . import views

app_name = "integrity"

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/objection/", views.objection, name="objection"),
    path("manage/", views.manage, name="manage"),
    path("manage/<int:pk>/", views.finding, name="finding"),
    path("record/<str:source>/<int:pk>/", views.record, name="record"),
    path("<int:pk>/evidence/", views.evidence, name="evidence"),
]
