"""Requests that must first finish something about the account before anything else.

* ``SessionMiddleware``: Django's, which also keeps the browser's identity hint cookie (the session
  and the signed-in person are read in one cache round trip, zhicheng.accounts.sessions).

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
from django.contrib.sessions.middleware import SessionMiddleware as _DjangoSessionMiddleware
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as _DjangoOTPMiddleware

from .identity import (
    CACHE_ALIAS,
    HINT_COOKIE,
    identity_enabled,
    identity_hint,
    identity_prefetch_begin,
    identity_prefetch_end,
)
from .sessions import SessionStore as FoldingSessionStore


def two_factor_paths() -> tuple[str, ...]:
    """The only pages an unverified session may open (besides logout and static files). Exact
    paths: other 2FA pages (turning it off, the administrator's reset) need a verified session."""
    return (reverse("accounts:two_factor_verify"), reverse("accounts:two_factor_enrol"))


class SessionMiddleware(_DjangoSessionMiddleware):
    """Django's session middleware, plus the identity hint (zhicheng.accounts.identity).

    It hands the request's hint cookie to the session store, which reads the session and the
    hinted person in one round trip (zhicheng.accounts.sessions), inside a per-request scope so that
    nothing read for one request can serve another; after the response it sets the cookie to the
    signed-in user's hint when it differs (the first page after a login) and deletes it when nobody
    is signed in any more (logout, an ended session). Nothing changes where the sessions are not in
    the identity cache.
    """

    def __call__(self, request):
        if self.async_mode:
            return super().__call__(request)
        token = identity_prefetch_begin()
        try:
            return super().__call__(request)
        finally:
            identity_prefetch_end(token)

    def process_request(self, request):
        super().process_request(request)
        hint = request.COOKIES.get(HINT_COOKIE)
        if hint:
            request.session.identity_hint = hint

    def process_response(self, request, response):
        response = super().process_response(request, response)
        session = getattr(request, "session", None)
        if session is None or not session.accessed or not _session_folds(session):
            return response
        have = request.COOKIES.get(HINT_COOKIE)
        user_id = session.get(SESSION_KEY)  # None after a logout or an ended session
        want = identity_hint(user_id) if user_id else None
        if want and want != have:
            response.set_cookie(
                HINT_COOKIE, want,
                max_age=None if session.get_expire_at_browser_close() else session.get_expiry_age(),
                domain=settings.SESSION_COOKIE_DOMAIN, path=settings.SESSION_COOKIE_PATH,
                secure=settings.SESSION_COOKIE_SECURE or None, httponly=True, samesite=settings.SESSION_COOKIE_SAMESITE,
            )
        elif have and not want:
            response.delete_cookie(HINT_COOKIE, path=settings.SESSION_COOKIE_PATH,
                                   domain=settings.SESSION_COOKIE_DOMAIN, samesite=settings.SESSION_COOKIE_SAMESITE)
        return response


def _session_folds(session) -> bool:
    """Whether this session is read with the person's kept identity (zhicheng.accounts.sessions)."""
    return (
        isinstance(session, FoldingSessionStore) and settings.SESSION_CACHE_ALIAS == CACHE_ALIAS and identity_enabled()
    )


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
        ):
            from .selectors import two_factor_step_for

            # What the person must do (from the kept identity) before where they are going: most people have
            # no authenticator and are not staff, and the path check reverses two addresses on every request.
            step = two_factor_step_for(user=user)
            if step is not None and not self._exempt(request.path):
                return self._send_to(
                    request, "accounts:two_factor_verify" if step == "verify" else "accounts:two_factor_enrol"
                )
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
