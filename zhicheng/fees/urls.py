from django.urls import path

from . import views

app_name = "fees"

urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<int:plan_id>/", views.plan, name="plan"),
    path("plans/<int:plan_id>/export.xlsx", views.plan_export, name="plan_export"),
    path("plans/<int:plan_id>/import/", views.import_file, name="import"),
    path("notices/<int:pk>/", views.notice, name="notice"),
]
