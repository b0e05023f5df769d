"""Read-only views of certificates and counters: every change goes through the services (audited)."""

from django.contrib import admin

from zhicheng.common.admin_mixins import ReadOnlyAdminMixin

from .models import Certificate, CertificateCounter


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "holder_name",
        "masked_holder_id_number",
        "qualification",
        "issuer",
        "issued_on",
        "status",
        "source",
    ]
    list_filter = ["status", "level", "year"]
    search_fields = ["number", "holder_name"]
    list_select_related = ["qualification", "issuer"]
    fields = [
        "number", "status", "holder", "holder_name", "masked_holder_id_number", "qualification", "series", "specialty",
        "level", "committee", "recognising_bureau", "issuer", "issued_on", "void_reason", "voided_at", "voided_by",
        "replaces", "case_id", "source", "created_at",
    ]
    readonly_fields = fields

    @admin.display(description="持证人身份证号码")
    def masked_holder_id_number(self, obj):
        return obj.masked_holder_id_number


@admin.register(CertificateCounter)
class CertificateCounterAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["year", "issuer", "level", "last_serial"]
    list_filter = ["year", "level"]
    list_select_related = ["issuer"]
