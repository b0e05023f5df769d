from django.urls import path

from . import views

app_name = "businesses"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/<slug:code>/", views.start, name="start"),
    path("options/<slug:code>/", views.options, name="options"),
    path("case/<int:pk>/", views.case, name="case"),
    path("case/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("external/<int:pk>/file/", views.external_file, name="external_file"),
]
