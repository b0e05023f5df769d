from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "zhicheng.documents"
    verbose_name = "纸质表格"

    def ready(self) -> None:
        from zhicheng.cases.registry import transition_listener_register

        from .kept import form_render_ahead, kept_forms_register

        kept_forms_register()  # the forms are kept per version (decision 0025)
        transition_listener_register("documents.form_render_ahead", form_render_ahead)
