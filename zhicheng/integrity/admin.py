"""Read-only views of the integrity records: every change goes through the services (audited)."""

from django.contrib import admin

from zhicheng.common.admin_mixins import ReadOnlyAdminMixin

from .models import IntegrityFinding, IntegrityObjection


@admin.register(IntegrityFinding)
class IntegrityFindingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("id", "subject", "kind", "decided_on", "bar_ends_on", "status", "organisation")
    list_filter = ("status", "kind")
    exclude = ("evidence",)


@admin.register(IntegrityObjection)
class IntegrityObjectionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("id", "finding", "status", "lodged_at", "resolved_at")
