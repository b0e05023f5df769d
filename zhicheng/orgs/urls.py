from django.urls import path

from . import views

app_name = "orgs"

urlpatterns = [
    path("regions/counties/", views.region_counties, name="region_counties"),
    path("units/search/", views.unit_search, name="unit_search"),
    path("registrations/", views.registrations, name="registrations"),
    path("registrations/new/", views.registration_new, name="registration_new"),
    path("registrations/<int:pk>/", views.registration, name="registration"),
    path("registrations/letters/<int:pk>/", views.registration_letter, name="registration_letter"),
    path("bureau/", views.bureau_index, name="bureau_index"),
    path("bureau/<int:bureau_id>/units/", views.bureau_units, name="bureau_units"),
    path("bureau/<int:bureau_id>/units/new/", views.bureau_unit_new, name="bureau_unit_new"),
    path("bureau/<int:bureau_id>/units/<int:unit_id>/", views.bureau_unit, name="bureau_unit"),
]
