from django.urls import path

from . import views

app_name = "announcements"

urlpatterns = [
    path("", views.announcement_list, name="list"),
    path("<int:pk>/", views.announcement_detail, name="detail"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("faq/", views.faq, name="faq"),
    path("forms/", views.blank_forms, name="blank_forms"),
    path("manage/", views.manage_index, name="manage_index"),
    path("manage/<int:org_id>/", views.manage, name="manage"),
    path("manage/<int:org_id>/new/", views.announcement_new, name="new"),
    path("manage/<int:org_id>/<int:pk>/edit/", views.announcement_edit, name="edit"),
    path("manage/<int:org_id>/<int:pk>/withdraw/", views.announcement_withdraw, name="withdraw"),
    path("manage/<int:org_id>/attachments/<int:pk>/", views.manage_attachment, name="manage_attachment"),
    path("manage/<int:org_id>/attachments/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
    path("manage/<int:org_id>/faq/new/", views.faq_new, name="faq_new"),
    path("manage/<int:org_id>/faq/<int:pk>/edit/", views.faq_edit, name="faq_edit"),
]
