from django.contrib import admin

from zhicheng.common.admin_mixins import ReadOnlyAdminMixin

from .models import OutgoingMessage


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: messages are written by services and sent by the outbox task; the system administrator
    sends failed ones again on /messages/failed/ (audited)."""

    list_display = ("id", "channel", "purpose", "recipient_masked", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "channel", "purpose")
    fields = ("channel", "purpose", "recipient_masked", "subject", "status", "attempts", "last_error",
              "created_at", "next_attempt_at", "sent_at", "failed_at", "resend_count")
    readonly_fields = fields
