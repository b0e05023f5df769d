from django.urls import path

from . import views

app_name = "common"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("dev/outbox/", views.dev_outbox, name="dev_outbox"),
]
