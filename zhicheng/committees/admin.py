"""Read-only admin views: every change goes through the services (and the audit log)."""

from django.contrib import admin

from .models import Ballot, EvaluationResult, ExpertProfile, Meeting, Objection, PanelDraw, PublicNotice


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExpertProfile)
class ExpertProfileAdmin(ReadOnlyAdmin):
    list_display = ["user", "committee", "employer", "title", "is_active"]
    list_filter = ["committee", "is_active"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["name", "committee", "held_on", "status", "is_valid"]
    list_filter = ["status", "committee"]


@admin.register(PanelDraw)
class PanelDrawAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "size", "drawn_at"]


@admin.register(EvaluationResult)
class EvaluationResultAdmin(ReadOnlyAdmin):
    list_display = ["application", "meeting", "outcome", "agree", "present", "reported_at", "confirmed_at"]
    list_filter = ["outcome"]


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "result", "by_office", "created_at"]


@admin.register(PublicNotice)
class PublicNoticeAdmin(ReadOnlyAdmin):
    list_display = ["title", "published_on", "ends_on", "working_days"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ["result", "status", "lodged_at", "resolved_at"]
    list_filter = ["status"]
