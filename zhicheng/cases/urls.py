from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("queue/<int:org_id>/", views.queue, name="queue"),
]
