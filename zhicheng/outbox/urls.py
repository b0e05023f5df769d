from django.urls import path

from . import views

app_name = "outbox"

urlpatterns = [
    path("failed/", views.failed_list, name="failed"),
    path("failed/<int:pk>/resend/", views.failed_resend, name="resend"),
]
