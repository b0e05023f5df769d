from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    name = "zhicheng.announcements"
    verbose_name = "通知公告与常见问题"
