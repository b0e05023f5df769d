
from django.conf import settings
from django.urls import path

from . import views

app_name = "common"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("dev/outbox/", views.dev_outbox, name="dev_outbox"),
]

# The benchmark floor view (bench/run.py), only when explicitly switched on.
if settings.BENCH_FLOOR:
    urlpatterns.append(path("bench/floor/", views.bench_floor, name="bench_floor"))
