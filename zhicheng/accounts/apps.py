from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zhicheng.accounts"
    verbose_name = "账号"

    def ready(self):
        from .identity import identity_signals_connect

        identity_signals_connect()
