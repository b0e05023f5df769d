"""Read-only admin views: every change goes through the services (and the audit log)."""

from django.contrib import admin

from zhicheng.common.admin_mixins import ReadOnlyAdminMixin

from .models import Ballot, EvaluationResult, ExpertProfile, Meeting, Objection, PanelDraw, PublicNotice


@admin.register(ExpertProfile)
class ExpertProfileAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "committee", "employer", "title", "is_active"]
    list_filter = ["committee", "is_active"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "committee", "held_on", "status", "is_valid"]
    list_filter = ["status", "committee"]


@admin.register(PanelDraw)
class PanelDrawAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "size", "drawn_at"]


@admin.register(EvaluationResult)
class EvaluationResultAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["application", "meeting", "outcome", "agree", "present", "reported_at", "confirmed_at"]
    list_filter = ["outcome"]


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "result", "by_office", "created_at"]


@admin.register(PublicNotice)
class PublicNoticeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "published_on", "ends_on", "working_days"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["result", "status", "lodged_at", "resolved_at"]
    list_filter = ["status"]
