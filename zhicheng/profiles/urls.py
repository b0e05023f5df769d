from django.urls import path

from . import views

app_name = "profiles"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("basic/", views.basic, name="basic"),
    path("unit/", views.unit, name="unit"),
    path("section/<slug:key>/", views.section, name="section"),
    path("section/<slug:key>/<int:pk>/delete/", views.section_delete, name="section_delete"),
    path("attachments/", views.attachments, name="attachments"),
    path("attachments/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
    path("attachments/<int:pk>/download/", views.attachment_download, name="attachment_download"),
    path("review/", views.review, name="review"),
    path("submit/", views.submit, name="submit"),
    path("withdraw/", views.withdraw, name="withdraw"),
    path("versions/", views.versions, name="versions"),
    path("versions/<int:number>/", views.version_detail, name="version_detail"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
]
