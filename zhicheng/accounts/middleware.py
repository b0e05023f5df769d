"""Requests that must first finish something about the account before anything else.

* ``PasswordChangeRequiredMiddleware``: a temporary password (window recovery) must be changed.
* ``TwoFactorMiddleware``: a session that logged in with the password but has not yet given
  the authenticator code (or a staff member who has not yet enrolled while 2FA is required).
  Install it after ``django_otp.middleware.OTPMiddleware`` (it uses ``user.is_verified()``)
  and after ``PasswordChangeRequiredMiddleware``: the code comes before the password change.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as _DjangoOTPMiddleware


def two_factor_paths() -> tuple[str, ...]:
    """The only pages an unverified session may open (besides logout and static files). Exact
    paths: other 2FA pages (turning it off, the administrator's reset) need a verified session."""
    return (reverse("accounts:two_factor_verify"), reverse("accounts:two_factor_enrol"))


class PasswordChangeRequiredMiddleware:
    # The 2FA pages stay reachable: the second factor is checked before the password change.
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
            if (
                target
                and request.path != target
                and not request.path.startswith(self.ALLOWED_PREFIXES)
                and request.path not in two_factor_paths()
            ):
                return redirect(target)
        return self.get_response(request)


class TwoFactorMiddleware:
    """Until the session is verified with the authenticator, every page except the 2FA pages,
    logout and static files leads to the code page (or to enrolment for staff without one).

    It also ends the session of an account that was disabled (``is_active=False``) or deleted:
    Django already treats such a request as anonymous, but would keep the session, which would
    come back to life if the account were enabled again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def _exempt(self, path: str) -> bool:
        static = settings.STATIC_URL or "/static/"
        return path in two_factor_paths() or path.startswith((static, "/accounts/logout/"))

    def __call__(self, request):
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is not None and session is not None and not user.is_authenticated and SESSION_KEY in session:
            session.flush()
        if (
            user is not None
            and user.is_authenticated
            and hasattr(user, "is_verified")
            and not user.is_verified()
            and not self._exempt(request.path)
        ):
            from .selectors import two_factor_step_for

            step = two_factor_step_for(user=user)
            if step is not None:
                return self._send_to(request, "accounts:two_factor_verify" if step == "verify" else "accounts:two_factor_enrol")
        return self.get_response(request)

    @staticmethod
    def _send_to(request, name: str):
        target = reverse(name)
        if request.method == "GET" and not getattr(request, "htmx", False):
            target += "?" + urlencode({"next": request.get_full_path()})
        if getattr(request, "htmx", False):
            from django_htmx.http import HttpResponseClientRedirect

            return HttpResponseClientRedirect(target)
        return redirect(target)


class OTPMiddleware(_DjangoOTPMiddleware):
    """django-otp's middleware (``request.user.otp_device``, ``user.is_verified()``), taking the
    session's device from the identity kept per user (zhicheng.accounts.identity) instead of a
    query per request; a device that is not a kept TOTP device is looked up as django-otp does."""

    def _verify_user_sync(self, request, user):
        if getattr(user, "_identity", None) is None:
            return super()._verify_user_sync(request, user)
        from .identity import identity_device

        self._init_user_fields(user)
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        device = None
        if persistent_id:
            try:
                device = identity_device(user, self._normalize_persistent_id(persistent_id))
            except LookupError:
                device = self._device_from_persistent_id(persistent_id)
        user.otp_device = self._finalize_device(request, user, device)
        return user
