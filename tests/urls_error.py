from django.urls import include, path


def boom(request):
    raise RuntimeError("internal detail that must not leak")


urlpatterns = [path("boom/", boom), path("api/boom/", boom), path("", include("config.urls"))]

handler404 = "zhicheng.common.errors.page_not_found"
handler500 = "zhicheng.common.errors.server_error"
