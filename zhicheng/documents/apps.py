from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "zhicheng.documents"
    verbose_name = "纸质表格"
