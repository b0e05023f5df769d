from django.urls import path

from . import views

app_name = "orgs"

urlpatterns = [
    path("regions/counties/", views.region_counties, name="region_counties"),
    path("units/search/", views.unit_search, name="unit_search"),
]
