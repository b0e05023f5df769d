from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "zhicheng.outbox"
    label = "outbox"
    verbose_name = "消息发送"
