"""Read-only admin views of cases: changes go through the services, never the admin."""

from django.contrib import admin

from zhicheng.common.admin_mixins import ReadOnlyAdminMixin

from .models import Case, CaseHistory, CaseStep, Notification


class CaseStepInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CaseStep
    extra = 0


class CaseHistoryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CaseHistory
    extra = 0
    fields = ["created_at", "decision", "from_status", "to_status", "step_label", "organisation", "actor", "opinion"]
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "applicant", "business_type", "status", "current_organisation", "submitted_at"]
    list_filter = ["business_type", "status"]
    list_select_related = ["applicant", "current_organisation"]
    search_fields = ["applicant__real_name", "current_organisation__name"]
    inlines = [CaseStepInline, CaseHistoryInline]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "title", "created_at", "read_at"]
    list_select_related = ["user"]
