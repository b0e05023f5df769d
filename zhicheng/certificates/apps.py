from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "zhicheng.certificates"
    verbose_name = "证书"

    def ready(self) -> None:
        from .ecert import e_certificate_kind_register

        e_certificate_kind_register()  # the e-certificate is kept per version (decision 0025)
