from django.urls import path

from . import views

app_name = "pre_evaluation"

urlpatterns = [
    path("", views.notices, name="notices"),
    path("<int:pk>/objection/", views.objection_new, name="objection_new"),
    path("unit/", views.unit_notices, name="unit_notices"),
    path("cases/<int:case_id>/publish/", views.publish, name="publish"),
    path("objections/<int:pk>/", views.objection_resolve_view, name="objection_resolve"),
]
