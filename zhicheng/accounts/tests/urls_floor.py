"""The site's URLs plus the benchmark's floor view (bench/: the cheapest page through the whole
middleware stack), for the query-count tests of a signed-in request."""

from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from zhicheng.common.views import bench_floor

urlpatterns = [path("bench/floor/", bench_floor, name="bench_floor"), *site_urlpatterns]
