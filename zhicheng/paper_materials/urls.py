from django.urls import path

from . import views

app_name = "paper_materials"

urlpatterns = [
    path("cases/<int:case_id>/", views.case_papers, name="case"),
]
