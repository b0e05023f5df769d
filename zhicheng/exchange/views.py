"""Staff pages: system administrators manage external systems and their tokens (/api/manage/…)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_POST

from zhicheng.common.forms import form_add_error

from . import services
from .forms import ExternalSystemForm, TokenIssueForm
from .selectors import can_manage_external_systems, external_systems_visible_to


def _not_found(request):
    # Under /api/ the site-wide 404 handler answers JSON; these are pages, so render the HTML one.
    return render(
        request, "error.html",
        {"status": 404, "title": "页面不存在", "message": "您访问的页面不存在，或您无权查看。",
         "request_id": getattr(request, "request_id", "")},
        status=404,
    )


def _system_or_none(request, pk: int):
    return external_systems_visible_to(user=request.user).filter(pk=pk).first()


@login_required
def system_list(request):
    if not can_manage_external_systems(user=request.user):
        return _not_found(request)
    systems = external_systems_visible_to(user=request.user).prefetch_related("issuers", "committees__organisation")
    return render(request, "exchange/system_list.html", {"systems": systems})


@login_required
@require_http_methods(["GET", "POST"])
def system_create(request):
    if not can_manage_external_systems(user=request.user):
        return _not_found(request)
    form = ExternalSystemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            system = services.external_system_create(actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            form_add_error(form, exc)
        else:
            messages.success(request, f"已创建对接系统“{system.name}”。请为其签发访问令牌。")
            return redirect("exchange:system_detail", pk=system.pk)
    return render(request, "exchange/system_form.html", {"form": form, "system": None})


@login_required
@require_http_methods(["GET", "POST"])
def system_edit(request, pk: int):
    system = _system_or_none(request, pk)
    if system is None:
        return _not_found(request)
    form = ExternalSystemForm(request.POST or None, instance=system)
    if request.method == "POST" and form.is_valid():
        try:
            services.external_system_update(actor=request.user, system=system, **form.service_kwargs())
        except ValidationError as exc:
            form_add_error(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("exchange:system_detail", pk=system.pk)
    return render(request, "exchange/system_form.html", {"form": form, "system": system})


def _detail(request, system, token_form, status=200):
    tokens = system.tokens.select_related("created_by", "revoked_by")
    return render(
        request, "exchange/system_detail.html",
        {"system": system, "tokens": tokens, "token_form": token_form,
         "issuers": system.issuers.order_by("region_id"),
         "committees": system.committees.select_related("organisation"),
         "docs_url": reverse("exchange:api:openapi-view")},
        status=status,
    )


@login_required
def system_detail(request, pk: int):
    system = _system_or_none(request, pk)
    if system is None:
        return _not_found(request)
    return _detail(request, system, TokenIssueForm())


@login_required
@require_POST
def token_issue(request, pk: int):
    system = _system_or_none(request, pk)
    if system is None:
        return _not_found(request)
    form = TokenIssueForm(request.POST)
    if not form.is_valid():
        return _detail(request, system, form, status=200)
    api_token, token = services.api_token_issue(
        actor=request.user, system=system, label=form.cleaned_data["label"], expires_at=form.expires_at
    )
    # Shown this once; never stored in plain text, so the page must not be cached either.
    response = render(
        request, "exchange/token_created.html", {"system": system, "api_token": api_token, "token": token}
    )
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request, pk: int, token_pk: int):
    system = _system_or_none(request, pk)
    api_token = system.tokens.filter(pk=token_pk).first() if system is not None else None
    if api_token is None:
        return _not_found(request)
    if request.method == "POST":
        services.api_token_revoke(actor=request.user, token=api_token)
        messages.success(request, f"令牌 {api_token.prefix}… 已吊销，使用它的请求将立即被拒绝。")
        return redirect("exchange:system_detail", pk=system.pk)
    return render(request, "exchange/token_revoke.html", {"system": system, "api_token": api_token})
