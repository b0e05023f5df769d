from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("queue/<int:org_id>/", views.queue, name="queue"),
    path("queue/<int:org_id>/batch-approve/", views.batch_approve, name="batch_approve"),
    path("<int:pk>/", views.detail, name="detail"),
    path("files/<slug:kind>/<int:pk>/", views.file_inline, name="file_inline"),
]
