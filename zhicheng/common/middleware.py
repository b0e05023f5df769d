"""Request id for every request: in logs, audit rows, error pages and the X-Request-ID header."""

from __future__ import annotations

import contextvars
import uuid

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
current_client_ip: contextvars.ContextVar[str] = contextvars.ContextVar("client_ip", default="")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = uuid.uuid4().hex[:16]
        request.request_id = request_id
        from .net import client_ip

        token = current_request_id.set(request_id)
        ip_token = current_client_ip.set(client_ip(request))
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
            current_client_ip.reset(ip_token)
        response["X-Request-ID"] = request_id
        return response


class NoStoreForPersonalDataMiddleware:
    """Pages shown to a logged-in user may hold personal data: browsers and proxies keep no copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
        return response


class IdleSessionMiddleware:
    """Idle sessions end after ``SESSION_COOKIE_AGE`` seconds without a request.

    Instead of saving the session on every request (a database write per page view), the expiry
    is pushed forward when more than ``SESSION_TOUCH_SECONDS`` have passed since the last push, so
    a session ends between ``SESSION_COOKIE_AGE - SESSION_TOUCH_SECONDS`` and ``SESSION_COOKIE_AGE``
    seconds after its last request.
    """

    KEY = "_touched"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated and session.session_key:
            import time

            from django.conf import settings

            now = int(time.time())
            # A session that is saved anyway (a login, a message) records the touch for free, so
            # the first page after logging in does not write the session a second time.
            if session.modified or now - int(session.get(self.KEY, 0)) >= settings.SESSION_TOUCH_SECONDS:
                session[self.KEY] = now  # marks the session modified: saved with a fresh expiry
        return response
