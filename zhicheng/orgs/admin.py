from django.contrib import admin

from zhicheng.audit.admin_mixins import AuditedAdminMixin
from zhicheng.common.admin_mixins import ReadOnlyAdminMixin

from .models import Membership, Organisation, Region


@admin.register(Region)
class RegionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    audit_action_prefix = "region.admin"
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]


class _MembershipsReadOnly(ReadOnlyAdminMixin):
    """Roles are granted on the staff pages by organisation administrators and the security
    administrator, where every grant is audited; the admin (the system administrator's tool) only
    shows them (三权分立, and no unaudited change of who may see personal data)."""


class MembershipInline(_MembershipsReadOnly, admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "is_active", "created_at"]
    readonly_fields = fields


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    audit_action_prefix = "organisation.admin"
    list_display = ["name", "kind", "region", "supervising_unit", "is_talent_market", "is_nonpublic_point", "is_active"]
    list_filter = ["kind", "is_talent_market", "is_nonpublic_point", "is_active"]
    search_fields = ["name", "credit_code", "name_pinyin", "name_initials"]
    list_select_related = ["region", "region__parent", "supervising_unit"]
    autocomplete_fields = ["region", "supervising_unit"]
    readonly_fields = ["name_pinyin", "name_initials"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(_MembershipsReadOnly, admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "is_active", "created_at"]
    list_filter = ["role", "is_active"]
    search_fields = ["organisation__name", "user__real_name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]
