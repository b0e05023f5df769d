from django.contrib import admin

from zhicheng.common.admin_mixins import ReadOnlyAdminMixin

from .models import Allocation, ApiToken, ExternalSystem, IdempotencyRecord


class ApiTokenInline(admin.TabularInline):
    model = ApiToken
    extra = 0
    can_delete = False
    fields = ("prefix", "label", "created_at", "expires_at", "revoked_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False  # tokens are issued on the management page, where they are shown once


# Changes go through the management page (/api/manage/), which audits them.
@admin.register(ExternalSystem)
class ExternalSystemAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "organisation", "is_active", "expires_at")
    search_fields = ("name",)
    readonly_fields = [f.name for f in ExternalSystem._meta.fields] + ["issuers", "committees"]
    inlines = [ApiTokenInline]


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("certificate", "system", "created_at")
    list_select_related = ("certificate", "system")
    search_fields = ("certificate__number",)


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("system", "key", "endpoint", "status", "created_at")
    list_filter = ("endpoint",)
    search_fields = ("key",)
