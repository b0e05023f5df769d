"""Pages for registration, login, recovery, the service window and staff management. Thin: the
work is in ``services``, the permission checks in ``selectors`` (anything not visible is a 404)."""

from __future__ import annotations

from urllib.parse import urlencode

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from zhicheng.common.forms import form_add_error
from zhicheng.common.masking import mask_email
from zhicheng.common.net import client_ip
from zhicheng.common.next_url import safe_next
from zhicheng.common.shortcuts import office_index
from zhicheng.orgs import memberships
from zhicheng.orgs import selectors as org_selectors
from zhicheng.orgs.constants import Role

from . import selectors, services
from .forms import (
    AdminDutyForm,
    ContactChangeForm,
    ContactCodeForm,
    LoginForm,
    MembershipEndsOnForm,
    MembershipGrantForm,
    PasswordChangeForm,
    RecoveryChannelForm,
    RecoveryCodeForm,
    RecoveryPasswordForm,
    RecoveryStartForm,
    RegistrationForm,
    TwoFactorCodeForm,
    TwoFactorResetForm,
    WindowEmailForm,
    WindowLinkDocumentForm,
    WindowPhoneForm,
    WindowRecoveryForm,
    WindowSearchForm,
)
from .models import AdminDuty, User

RECOVERY_SESSION_KEY = "account_recovery"
CONTACT_SESSION_KEY = "contact_change"
WINDOW_SESSION_KEY = "window_recovery_target"


# -- login / logout / registration -----------------------------------------------------------


@sensitive_post_parameters("password")
@never_cache
def login_view(request):
    if request.user.is_authenticated and request.method == "GET":
        return redirect("common:home")
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = form.get_user()
            login(request, user, backend="zhicheng.accounts.backends.IdentityBackend")  # new session key
            services.login_record_success(user=user, client_address=client_ip(request))
            return redirect(safe_next(request))
        identifier = form.identifier
        if form.data.get("username") and form.data.get("password"):
            services.login_record_failure(
                identifier=identifier, locked_out=bool(getattr(request, "axes_locked_out", False))
            )
    return render(request, "accounts/login.html", {"form": form, "next": safe_next(request, default="")})


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        services.logout_record(user=request.user)
    logout(request)  # flushes the server-side session
    messages.info(request, "您已安全退出。")
    return redirect("common:home")


@sensitive_post_parameters("password1", "password2")
@never_cache
def register(request):
    if request.user.is_authenticated:
        return redirect("accounts:account")
    if request.method == "POST" and services.registration_rate_limit_hit(client_address=client_ip(request)):
        # Not validated (that would answer "already registered"); what was typed is kept, passwords aside.
        kept = {
            name: request.POST.get(name, "")
            for name in (
                "id_document_type",
                "id_number",
                "nationality",
                "birth_date",
                "gender",
                "real_name",
                "phone",
                "email",
            )
        }
        return render(
            request, "accounts/register.html",
            {"form": RegistrationForm(initial=kept), "rate_limited": services.REGISTRATION_LIMITED_MESSAGE},
            status=429,
        )
    form = RegistrationForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_register(
                id_number=form.cleaned_data["id_number"],
                id_document_type=form.cleaned_data["id_document_type"],
                nationality=form.cleaned_data["nationality"],
                birth_date=form.cleaned_data.get("birth_date"),
                gender=form.cleaned_data.get("gender", ""),
                real_name=form.cleaned_data["real_name"],
                phone=form.cleaned_data["phone"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and any(
                e.code == "id_registered" for e in exc.error_dict.get("id_number", [])
            ):
                form.id_number_registered = True
            form_add_error(form, exc)
        else:
            messages.success(request, "注册成功。请用身份证号码或手机号码登录。")
            return redirect("accounts:login")
    return render(request, "accounts/register.html", {"form": form})


@sensitive_post_parameters("old_password", "password1", "password2")
@never_cache
@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_password_change(user=request.user, new_password=form.cleaned_data["password1"])
        except ValidationError as exc:
            form_add_error(form, exc)
        else:
            update_session_auth_hash(request, request.user)  # this session stays; all others end
            messages.success(request, "密码已修改。在其他设备上的登录已失效。")
            return redirect("accounts:account")
    return render(
        request, "accounts/password_change.html", {"form": form, "forced": request.user.must_change_password}
    )


@login_required
def account(request):
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "recoveries": selectors.recoveries_of_user(user=user)[:20],
            "linked_documents": selectors.linked_documents_of(user=user),
            "memberships": user.active_memberships(),
            "managed_orgs": selectors.organisations_managed_by(user=user),
            "window_orgs": selectors.window_organisations_for(user=user),
            "totp_device": selectors.totp_device_of(user=user),
            "two_factor_required": selectors.user_requires_two_factor(user=user),
            "two_factor_is_staff": selectors.user_is_staff_or_administrator(user=user),
        },
    )


# -- changing the phone number or e-mail address (the person) -------------------------------
# The challenge id lives in the session; the new number never appears in a URL.


@sensitive_post_parameters("password", "new_value")
@never_cache
@login_required
def contact_change(request):
    form = ContactChangeForm(data=request.POST or None, initial={"kind": request.GET.get("kind", "phone")})
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.contact_change_start(
                user=request.user, kind=form.cleaned_data["kind"], new_value=form.cleaned_data["new_value"],
                password=form.cleaned_data["password"], client_address=client_ip(request),
            )
        except ValidationError as exc:
            form_add_error(form, exc)
        else:
            request.session[CONTACT_SESSION_KEY] = {"challenge": challenge.pk, "to": challenge.masked_new_value,
                                                    "kind": challenge.kind}
            return redirect("accounts:contact_confirm")
    return render(request, "accounts/contact_change.html", {"form": form})


@sensitive_post_parameters("code")
@never_cache
@login_required
def contact_confirm(request):
    state = request.session.get(CONTACT_SESSION_KEY)
    if not state:
        return redirect("accounts:contact_change")
    form = ContactCodeForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_change_confirm(user=request.user, challenge_id=state.get("challenge"),
                                            code=form.cleaned_data["code"])
        except ValidationError as exc:
            form_add_error(form, exc)
        else:
            request.session.pop(CONTACT_SESSION_KEY, None)
            what = "手机号码" if state.get("kind") == "phone" else "电子邮箱"
            messages.success(request, f"{what}已更换为 {state.get('to', '')}。原{what}已收到通知，今后不再接收验证码。")
            return redirect("accounts:account")
    return render(
        request,
        "accounts/contact_confirm.html",
        {
            "form": form,
            "to": state.get("to", ""),
            "kind": state.get("kind"),
            "minutes": services.recovery_code_minutes(),
        },
    )


# -- self-service recovery -------------------------------------------------------------------
# State between the steps lives in the session (user id, challenge id); never the ID number.


def _recovery_state(request) -> dict | None:
    return request.session.get(RECOVERY_SESSION_KEY)


@never_cache
def recover_start(request):
    form = RecoveryStartForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        user = selectors.user_find_by_identifier(identifier=identifier)
        request.session[RECOVERY_SESSION_KEY] = {
            "uid": user.pk if user else None,
            "ident": services.mask_identifier(identifier),
            "key": services.recovery_identifier_key(identifier),
        }
        return redirect("accounts:recover_channel")
    return render(request, "accounts/recover_start.html", {"form": form})


@never_cache
def recover_channel(request):
    """Step 2: the same choice and the same answer whether or not the account exists (issue 18)."""
    state = _recovery_state(request)
    if not state:
        return redirect("accounts:recover")
    user = User.objects.filter(pk=state["uid"]).first() if state.get("uid") else None
    form = RecoveryChannelForm(data=request.POST or None, channels=services.recovery_channels())
    if request.method == "POST" and form.is_valid():
        try:
            result = services.recovery_code_send(
                user=user, identifier_key=state["key"], identifier_masked=state.get("ident", ""),
                channel=form.cleaned_data["channel"],
                client_address=client_ip(request),
            )
        except ValidationError as exc:
            form_add_error(form, exc)
        else:
            state["challenge"] = result.challenge.pk if result.challenge else None
            state["tries"] = 0
            state["verified"] = False
            request.session[RECOVERY_SESSION_KEY] = state
            messages.info(request, services.RECOVERY_SENT_MESSAGE.format(minutes=services.recovery_code_minutes()))
            return redirect("accounts:recover_code")
    return render(request, "accounts/recover_channel.html", {"form": form, "identifier": state.get("ident", "")})


@never_cache
def recover_code(request):
    state = _recovery_state(request)
    if not state or "challenge" not in state:
        return redirect("accounts:recover")
    form = RecoveryCodeForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if state.get("challenge"):
                services.recovery_code_verify(challenge_id=state["challenge"], code=form.cleaned_data["code"])
            else:  # no code was sent: answer exactly as a wrong code would be answered
                tries = int(state.get("tries", 0))
                state["tries"] = tries + 1
                request.session[RECOVERY_SESSION_KEY] = state
                services.recovery_decoy_verify(attempts=tries)
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            state["verified"] = True
            request.session[RECOVERY_SESSION_KEY] = state
            return redirect("accounts:recover_password")
    return render(
        request, "accounts/recover_code.html",
        {"form": form, "minutes": services.recovery_code_minutes()},
    )


@sensitive_post_parameters("password1", "password2")
@never_cache
def recover_password(request):
    state = _recovery_state(request)
    if not state or not state.get("verified") or not state.get("challenge"):
        return redirect("accounts:recover")
    user = get_object_or_404(User, pk=state["uid"])
    form = RecoveryPasswordForm(user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recovery_password_set(challenge_id=state["challenge"], new_password=form.cleaned_data["password1"])
        except ValidationError as exc:
            form_add_error(form, exc)
        else:
            request.session.pop(RECOVERY_SESSION_KEY, None)
            if request.user.is_authenticated:
                logout(request)
            messages.success(request, "密码已重新设置，请用新密码登录。此前在其他设备上的登录均已失效。")
            return redirect("accounts:login")
    return render(request, "accounts/recover_password.html", {"form": form})


# -- service window --------------------------------------------------------------------------


@login_required
def window_index(request):
    return office_index(request, selectors.window_organisations_for(user=request.user), url_name="accounts:window",
                        url_kwarg="org_id", template="accounts/window_index.html", context_name="organisations")


def _window_target(request, organisation) -> User | None:
    """The person found by the last search at this window (kept in the session, never the number)."""
    state = request.session.get(WINDOW_SESSION_KEY) or {}
    if state.get("org") != organisation.pk:
        return None
    return User.objects.filter(pk=state.get("uid")).first()


def _window_contact(request, organisation, target, form, *, kind: str, field: str):
    """The window's phone or e-mail change; returns a redirect when done, else None (errors on the form)."""
    if not form.is_valid():
        return None
    try:
        services.window_contact_change(
            staff=request.user, organisation=organisation, user=target, kind=kind,
            new_value=form.cleaned_data[field], reason=form.cleaned_data["reason"],
            id_card_checked=form.cleaned_data["id_card_checked"],
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "new_value" in exc.error_dict:
            exc = ValidationError({field: exc.error_dict["new_value"]})
        form_add_error(form, exc)
        return None
    request.session.pop(WINDOW_SESSION_KEY, None)
    target.refresh_from_db()
    if kind == "phone":
        messages.success(
            request,
            f"已将{target.real_name}的手机号码更换为 {target.masked_phone}。原号码不再接收验证码，"
            "申请人可用新号码登录和找回账号。",
        )
    else:
        messages.success(request, f"已将{target.real_name}的电子邮箱更换为 {mask_email(target.email)}。"
                                  "原邮箱不再接收验证码，新旧邮箱都已收到通知。")
    return redirect("accounts:window", org_id=organisation.pk)


def _window_issue(request, organisation, target, form):
    """The window's temporary password; returns the page that shows it once when done, else None
    (errors on the form)."""
    if not form.is_valid():
        return None
    try:
        password = services.window_recovery_issue(
            staff=request.user, organisation=organisation, user=target,
            reason=form.cleaned_data["reason"],
            id_card_checked=form.cleaned_data["id_card_checked"],
        )
    except ValidationError as exc:
        form_add_error(form, exc)
        return None
    request.session.pop(WINDOW_SESSION_KEY, None)
    # Shown once, on this response only; never stored in plain text.
    return render(
        request, "accounts/window_issued.html",
        {"organisation": organisation, "target": target, "password": password},
    )


def _window_link(request, organisation, target, form):
    """The window's link of a further identity document; returns a redirect when done, else None
    (errors on the form)."""
    if not form.is_valid():
        return None
    try:
        link = services.window_document_link(
            staff=request.user, organisation=organisation, user=target,
            document_type=form.cleaned_data["document_type"], number=form.cleaned_data["number"],
            nationality=form.cleaned_data["nationality"], reason=form.cleaned_data["reason"],
            id_card_checked=form.cleaned_data["id_card_checked"],
        )
    except ValidationError as exc:
        form_add_error(form, exc)
        return None
    request.session.pop(WINDOW_SESSION_KEY, None)
    messages.success(
        request, f"已将{link.document_label} {link.masked_number} 关联到{target.real_name}的账号。"
                 "申请人今后可用任一证件登录，也可凭任一证件在窗口办理。",
    )
    return redirect("accounts:window", org_id=organisation.pk)


@never_cache
@login_required
def window(request, org_id: int):
    """The service window: find a person by the document they show, then (card seen, reason
    recorded) issue a temporary password, change the phone or e-mail, or link a further document."""
    organisation = get_object_or_404(selectors.window_organisations_for(user=request.user), pk=org_id)
    search_form = WindowSearchForm(prefix="search")
    recovery_form = WindowRecoveryForm(prefix="recovery")
    phone_form = WindowPhoneForm(prefix="phone")
    email_form = WindowEmailForm(prefix="email")
    link_form = WindowLinkDocumentForm(prefix="link")
    target: User | None = None
    not_found = False
    action = request.POST.get("action") if request.method == "POST" else None

    if action == "search":
        request.session.pop(WINDOW_SESSION_KEY, None)
        search_form = WindowSearchForm(data=request.POST, prefix="search")
        if search_form.is_valid():
            target = services.window_person_lookup(
                staff=request.user, organisation=organisation, document=search_form.document
            )
            if target is None:
                not_found = True
            else:
                request.session[WINDOW_SESSION_KEY] = {"org": organisation.pk, "uid": target.pk}
                search_form = WindowSearchForm(prefix="search")  # the result shows the number masked only
    elif action in ("issue", "phone", "email", "link"):
        target = _window_target(request, organisation)
        if target is None:
            messages.warning(request, "请先按证件号码查找申请人。")
            return redirect("accounts:window", org_id=organisation.pk)
        if action == "issue":
            recovery_form = WindowRecoveryForm(data=request.POST, prefix="recovery")
            done = _window_issue(request, organisation, target, recovery_form)
        elif action == "phone":
            phone_form = WindowPhoneForm(data=request.POST, prefix="phone")
            done = _window_contact(request, organisation, target, phone_form, kind="phone", field="new_phone")
        elif action == "email":
            email_form = WindowEmailForm(data=request.POST, prefix="email")
            done = _window_contact(request, organisation, target, email_form, kind="email", field="new_email")
        else:
            link_form = WindowLinkDocumentForm(data=request.POST, prefix="link")
            done = _window_link(request, organisation, target, link_form)
        if done:
            return done
    protected = target is not None and selectors.user_is_protected_from_window_recovery(user=target)
    return render(
        request, "accounts/window.html",
        {
            "organisation": organisation, "search_form": search_form, "recovery_form": recovery_form,
            "phone_form": phone_form, "email_form": email_form, "link_form": link_form, "target": target,
            "linked_documents": selectors.linked_documents_of(user=target) if target else [],
            "not_found": not_found, "protected": protected,
        },
    )


# -- staff management (organisation administrators) -----------------------------------------


@login_required
def staff_index(request):
    return office_index(request, selectors.organisations_managed_by(user=request.user), url_name="accounts:staff",
                        url_kwarg="org_id", template="accounts/staff_index.html", context_name="organisations")


@login_required
def staff(request, org_id: int):
    organisation = get_object_or_404(selectors.organisations_managed_by(user=request.user), pk=org_id)
    roles = org_selectors.roles_grantable_at(organisation=organisation)
    form = MembershipGrantForm(data=request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            membership = memberships.membership_grant(
                actor=request.user, organisation=organisation, user=form.person, role=form.cleaned_data["role"],
                ends_on=form.cleaned_data.get("ends_on"),
            )
        except ValidationError as exc:
            form_add_error(form, exc)
        else:
            messages.success(
                request, f"已邀请{membership.user.real_name}担任“{membership.get_role_display()}”，本人接受后生效。"
            )
            return redirect("accounts:staff", org_id=organisation.pk)
    return render(
        request, "accounts/staff.html",
        {
            "organisation": organisation, "form": form,
            "memberships": selectors.memberships_of_organisation(organisation=organisation),
            "role_labels": [Role(r).label for r in roles],
        },
    )


@require_POST
@login_required
def staff_revoke(request, org_id: int, membership_id: int):
    membership = get_object_or_404(
        selectors.memberships_visible_to(user=request.user), pk=membership_id, organisation_id=org_id
    )
    try:
        memberships.membership_revoke(actor=request.user, membership=membership)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"已撤销{membership.user.real_name}的“{membership.get_role_display()}”角色。")
    return redirect("accounts:staff", org_id=org_id)


@require_POST
@login_required
def staff_ends_on(request, org_id: int, membership_id: int):
    """Set or clear the last day of a staff member's role."""
    membership = get_object_or_404(
        selectors.memberships_visible_to(user=request.user), pk=membership_id, organisation_id=org_id
    )
    form = MembershipEndsOnForm(data=request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("accounts:staff", org_id=org_id)
    try:
        memberships.membership_ends_on_set(
            actor=request.user, membership=membership, ends_on=form.cleaned_data["ends_on"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        ends_on = form.cleaned_data["ends_on"]
        messages.success(request, f"{membership.user.real_name}的“{membership.get_role_display()}”"
                         + (f"截止日期已设为 {ends_on:%Y-%m-%d}。" if ends_on else "已改为长期有效。"))
    return redirect("accounts:staff", org_id=org_id)


@login_required
def invitations(request):
    """The role invitations waiting for the signed-in person: accept or decline each."""
    pending = selectors.invitations_pending_for(user=request.user)
    if request.method == "POST":
        membership = get_object_or_404(pending, pk=request.POST.get("membership") or 0)
        action = request.POST.get("action")
        try:
            if action == "accept":
                memberships.membership_accept(user=request.user, membership=membership)
                messages.success(request, f"您已成为{membership.organisation.name}的{membership.get_role_display()}。")
            elif action == "decline":
                memberships.membership_decline(user=request.user, membership=membership)
                messages.success(request, f"您已拒绝{membership.organisation.name}的邀请。")
            else:
                messages.error(request, "请选择接受或拒绝。")
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect("accounts:invitations")
    return render(request, "accounts/invitations.html", {"invitations": list(pending)})


# -- administrator duties (security administrator) ------------------------------------------


@login_required
def admin_duties(request):
    if request.user.admin_duty != AdminDuty.SECURITY:
        raise Http404
    form = AdminDutyForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.admin_duty_set(actor=request.user, user=form.person, duty=form.cleaned_data["duty"])
        except ValidationError as exc:
            form_add_error(form, exc)
        else:
            label = AdminDuty(person.admin_duty).label if person.admin_duty else "无"
            messages.success(request, f"{person.real_name}的管理员职责已设为“{label}”。")
            return redirect(reverse("accounts:admin_duties"))
    return render(request, "accounts/admin_duties.html", {"form": form, "holders": selectors.admin_duty_holders()})


@never_cache
@login_required
def login_attacks(request):
    """登录攻击监测: accounts with many failed logins, for the security administrator."""
    if request.user.admin_duty != AdminDuty.SECURITY:
        raise Http404
    from django.conf import settings

    return render(
        request, "accounts/login_attacks.html",
        {
            "rows": selectors.login_attacks(), "hours": 24,
            "failures": settings.LOCKOUT_FAILURES, "minutes": settings.LOCKOUT_MINUTES,
            "ceiling": settings.LOCKOUT_ACCOUNT_CEILING, "slow_seconds": settings.LOCKOUT_SLOW_SECONDS,
        },
    )


# -- second factor (TOTP authenticator) ------------------------------------------------------
# The enrolment and code pages are the only ones an unverified session may open
# (``middleware.TwoFactorMiddleware``); turning the authenticator off and the administrator's
# reset live elsewhere, so they need a verified session.


def _code_error(form, exc: ValidationError) -> None:
    """A service's verdict on the code, beside the field, with the field marked invalid."""
    form.add_error("code", exc)
    attrs = form.fields["code"].widget.attrs
    if "is-invalid" not in attrs.get("class", ""):
        attrs["class"] = (attrs.get("class", "") + " is-invalid").strip()
    attrs["aria-describedby"] = "id_code_error"


def _with_next(name: str, next_url: str) -> str:
    url = reverse(name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _two_factor_login(request, device) -> None:
    """Mark this session as verified by the authenticator, under a new session key."""
    django_otp.login(request, device)
    request.session.cycle_key()


def _qr_svg(data: str) -> str:
    """The QR code as inline SVG (made here by segno: no external request, no script)."""
    svg = segno.make(data, error="m").svg_inline(scale=5, border=2, omitsize=True, dark="#000", light="#fff")
    attrs = 'role="img" aria-label="绑定身份验证器的二维码" style="width:min(240px,100%);height:auto;display:block"'
    return mark_safe(svg.replace("<svg ", f"<svg {attrs} ", 1))  # noqa: S308 - segno's own markup


@never_cache
@login_required
def two_factor_enrol(request):
    user = request.user
    next_url = safe_next(request, default="")
    if selectors.two_factor_has_device(user=user):
        if user.is_verified():
            messages.info(request, "您已绑定身份验证器。")
            return redirect("accounts:account")
        return redirect(_with_next("accounts:two_factor_verify", next_url))
    try:
        device = services.two_factor_enrolment_start(user=user)
    except ValidationError as exc:
        messages.info(request, exc.messages[0])
        return redirect("accounts:account")
    form = TwoFactorCodeForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.two_factor_enrol_confirm(user=user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            _code_error(form, exc)
        else:
            _two_factor_login(request, device)
            messages.success(request, "身份验证器绑定成功。今后登录时，输入密码后还需输入验证器上的6位验证码。")
            return redirect(next_url or "common:home")
    return render(
        request, "accounts/two_factor_enrol.html",
        {
            "form": form, "next": next_url,
            "qr_svg": _qr_svg(services.totp_config_url(device)),
            "secret_groups": services.totp_secret_groups(device),
            "required": selectors.user_requires_two_factor(user=user),
        },
    )


@sensitive_post_parameters("code")
@never_cache
@login_required
def two_factor_verify(request):
    user = request.user
    next_url = safe_next(request, default="")
    if user.is_verified():
        return redirect(next_url or "common:home")
    if not selectors.two_factor_has_device(user=user):
        if selectors.user_requires_two_factor(user=user):
            return redirect(_with_next("accounts:two_factor_enrol", next_url))
        return redirect(next_url or "common:home")
    form = TwoFactorCodeForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.two_factor_verify(user=user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            if exc.code == "too_many":
                logout(request)
                messages.error(request, exc.messages[0])
                return redirect("accounts:login")
            _code_error(form, exc)
        else:
            _two_factor_login(request, device)
            return redirect(next_url or "common:home")
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


@require_POST
@login_required
def two_factor_disable(request):
    try:
        services.two_factor_disable(user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "已关闭身份验证器。今后登录只需输入密码。")
    return redirect("accounts:account")


@never_cache
@login_required
def two_factor_reset(request):
    if request.user.admin_duty != AdminDuty.SECURITY:
        raise Http404
    form = TwoFactorResetForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.two_factor_reset(actor=request.user, user=form.person, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_add_error(form, exc)
        else:
            messages.success(
                request, f"已重置{form.person.real_name}的身份验证器。其下次登录时需重新扫码绑定。"
            )
            return redirect("accounts:two_factor_reset")
    return render(
        request, "accounts/two_factor_reset.html",
        {"form": form, "devices": selectors.totp_devices_of_staff()},
    )
