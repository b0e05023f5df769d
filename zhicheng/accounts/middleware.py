"""Send a user whose password must be changed (e.g. after window recovery) to the change page."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse


class PasswordChangeRequiredMiddleware:
    ALLOWED_PREFIXES = ("/static/", "/accounts/logout/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            try:
                target = reverse("accounts:password_change")
            except NoReverseMatch:
                target = None
            if target and request.path != target and not request.path.startswith(self.ALLOWED_PREFIXES):
                return redirect(target)
        return self.get_response(request)
