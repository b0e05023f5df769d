from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:org_id>/", views.report, name="report"),
    path("<int:org_id>/export.xlsx", views.export, name="export"),
]
