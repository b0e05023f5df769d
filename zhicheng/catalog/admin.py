from django.contrib import admin

from zhicheng.audit.admin_mixins import AuditedAdminMixin
from zhicheng.common.admin_mixins import ReadOnlyAdminMixin

from .models import (
    Committee,
    EligibilityPath,
    EligibilityRule,
    EvaluationPlan,
    PlanLevel,
    Qualification,
    Series,
    Specialty,
)


class SpecialtyInline(admin.TabularInline):
    model = Specialty
    extra = 0


class QualificationInline(admin.TabularInline):
    model = Qualification
    extra = 0


@admin.register(Series)
class SeriesAdmin(AuditedAdminMixin, admin.ModelAdmin):
    audit_action_prefix = "catalog.admin"
    list_display = ["name", "code", "sort"]
    inlines = [SpecialtyInline, QualificationInline]


@admin.register(Specialty)
class SpecialtyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    audit_action_prefix = "catalog.admin"
    list_display = ["name", "series", "track"]
    list_filter = ["series"]
    search_fields = ["name"]


@admin.register(Qualification)
class QualificationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    audit_action_prefix = "catalog.admin"
    list_display = ["name", "series", "level", "track"]
    list_filter = ["series", "level"]


@admin.register(Committee)
class CommitteeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    audit_action_prefix = "catalog.admin"
    list_display = ["__str__", "series", "max_level", "min_level", "runs_on", "managing_bureau"]
    list_filter = ["runs_on", "series"]
    search_fields = ["organisation__name"]
    filter_horizontal = ["specialties"]
    autocomplete_fields = ["organisation", "managing_bureau"]
    list_select_related = ["organisation", "series", "managing_bureau"]


class PlanLevelInline(admin.TabularInline):
    model = PlanLevel
    extra = 0


@admin.register(EvaluationPlan)
class EvaluationPlanAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-mostly: committee offices manage plans on their own pages, where every change is audited."""

    list_display = ["title", "committee", "year", "opens_at", "closes_at", "status"]
    list_filter = ["status", "year"]
    search_fields = ["title", "committee__organisation__name"]
    list_select_related = ["committee__organisation"]
    filter_horizontal = ["specialties"]
    inlines = [PlanLevelInline]
    readonly_fields = ["created_at", "updated_at"]


class EligibilityPathInline(admin.TabularInline):
    model = EligibilityPath
    extra = 0


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: defaults come from data/catalog/eligibility.json; overrides from the committee office page."""

    list_display = ["__str__", "committee", "series", "target_level", "source"]
    list_filter = ["target_level", "series"]
    list_select_related = ["committee__organisation", "series"]
    inlines = [EligibilityPathInline]
