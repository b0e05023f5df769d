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
