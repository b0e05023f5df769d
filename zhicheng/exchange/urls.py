"""Mounted at /api/ by config/urls.py: the API under v1/, the staff pages under manage/."""

from django.urls import path, re_path
from django.views.generic import RedirectView

from . import views
from .api import api, api_edge, api_not_found

app_name = "exchange"

_api_patterns, _api_app_name, _api_namespace = api.urls
for _pattern in _api_patterns:
    _pattern.callback = api_edge(_pattern.callback)

urlpatterns = [
    path("v1/", (_api_patterns, _api_app_name, _api_namespace)),
    # The documentation lives at /api/v1/docs (no slash, as the README and docs/api.md say); the slash form
    # leads there rather than to the API's JSON 404.
    path("v1/docs/", RedirectView.as_view(pattern_name="exchange:api:openapi-view", permanent=True),
         name="api_docs_slash"),
    re_path(r"^v1(?:/.*)?$", api_not_found, name="api_not_found"),
    path("manage/", views.system_list, name="system_list"),
    path("manage/new/", views.system_create, name="system_create"),
    path("manage/<int:pk>/", views.system_detail, name="system_detail"),
    path("manage/<int:pk>/edit/", views.system_edit, name="system_edit"),
    path("manage/<int:pk>/tokens/new/", views.token_issue, name="token_issue"),
    path("manage/<int:pk>/tokens/<int:token_pk>/revoke/", views.token_revoke, name="token_revoke"),
]
