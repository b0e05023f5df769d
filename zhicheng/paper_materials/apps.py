from django.apps import AppConfig


class PaperMaterialsConfig(AppConfig):
    name = "zhicheng.paper_materials"
    verbose_name = "纸质材料"

    def ready(self) -> None:
        from zhicheng.cases.registry import approval_check_register

        from .services import paper_first_approval_check

        approval_check_register("paper_first", paper_first_approval_check)
