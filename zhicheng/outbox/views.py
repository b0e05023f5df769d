"""The system administrator's page of messages that could not be sent (/messages/failed/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from .models import OutgoingMessage
from .selectors import messages_failed, outbox_counts
from .services import can_manage_messages, message_resend

PAGE_SIZE = 20


def _require_admin(request) -> None:
    if not can_manage_messages(user=request.user):
        raise Http404


@login_required
def failed_list(request):
    _require_admin(request)
    page = Paginator(messages_failed(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "outbox/failed_list.html", {"page": page, "counts": outbox_counts(), "now": timezone.now()})


@login_required
@require_POST
def failed_resend(request, pk: int):
    _require_admin(request)
    try:
        message = message_resend(message_id=pk, actor=request.user)
    except OutgoingMessage.DoesNotExist:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        message.refresh_from_db()
        if message.status == "sent":
            messages.success(request, f"已重新发送给 {message.recipient_masked}，发送成功。")
        else:
            messages.info(request, f"已安排重新发送给 {message.recipient_masked}，系统将自动重试；仍失败的会回到本页。")
    return redirect("outbox:failed")
