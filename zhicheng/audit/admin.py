from django.contrib import admin

from zhicheng.common.admin_mixins import ReadOnlyAdminMixin

from .models import AuditEvent
from .selectors import user_is_audit_admin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only, and only for the audit administrator (三权分立): a superuser is the *system*
    administrator and must not read the audit log here. The audit administrator uses /audit/."""

    list_display = ["created_at", "actor_label", "organisation", "action", "object_label", "result", "client_ip"]
    list_filter = ["action", "result"]
    search_fields = ["action", "object_label", "actor_label", "request_id"]

    def has_module_permission(self, request):
        return user_is_audit_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return user_is_audit_admin(request.user)
