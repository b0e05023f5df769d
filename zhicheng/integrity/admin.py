"""Read-only views of the integrity records: every change goes through the services (audited)."""

from django.contrib import admin

from .models import IntegrityFinding, IntegrityObjection


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IntegrityFinding)
class IntegrityFindingAdmin(ReadOnlyAdmin):
    list_display = ("id", "subject", "kind", "decided_on", "bar_ends_on", "status", "organisation")
    list_filter = ("status", "kind")
    exclude = ("evidence",)


@admin.register(IntegrityObjection)
class IntegrityObjectionAdmin(ReadOnlyAdmin):
    list_display = ("id", "finding", "status", "lodged_at", "resolved_at")
