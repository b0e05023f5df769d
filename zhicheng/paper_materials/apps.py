from django.apps import AppConfig


class PaperMaterialsConfig(AppConfig):
    name = "zhicheng.paper_materials"
    verbose_name = "纸质材料"
