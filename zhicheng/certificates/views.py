from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from zhicheng.common.kept import kept_document, kept_file_response
from zhicheng.common.net import client_ip
from zhicheng.common.ratelimit import rate_limit_hit
from zhicheng.common.search import search_criteria

from .ecert import E_CERTIFICATE, PRINTED_RELATIONS, e_certificate_filename
from .forms import ManageSearchForm, VerifyForm, VoidForm
from .models import CertificateStatus
from .public_page import public_page_get, public_page_keep
from .selectors import (
    certificate_public_get,
    certificate_verify_lookup,
    certificates_held_by,
    certificates_managed_by,
    certificates_search,
    managing_bureau_ids,
)
from .services import certificate_void
from .tokens import verification_token_read

PAGE_SIZE = 20


def verify_rate_limited(request) -> bool:
    """Count one public look-up from this client address; True when it is over
    CERTIFICATE_VERIFY_LIMIT per CERTIFICATE_VERIFY_WINDOW_SECONDS."""
    return rate_limit_hit(
        scope="certificates:verify", subject=client_ip(request) or "unknown",
        limit=settings.CERTIFICATE_VERIFY_LIMIT, window=settings.CERTIFICATE_VERIFY_WINDOW_SECONDS,
    ).over


def _too_many(request, form=None):
    window = settings.CERTIFICATE_VERIFY_WINDOW_SECONDS
    return render(
        request,
        "certificates/verify.html",
        {"form": form or VerifyForm(), "rate_limited": True, "window_minutes": max(1, window // 60)},
        status=429,
    )


@require_http_methods(["GET", "POST"])
def verify(request):
    """证书查询: certificate number plus holder name; no login needed."""
    if request.method != "POST":
        return render(request, "certificates/verify.html", {"form": VerifyForm()})
    form = VerifyForm(request.POST)
    if verify_rate_limited(request):
        return _too_many(request, form)
    context = {"form": form}
    if form.is_valid():
        certificate = certificate_verify_lookup(
            number=form.cleaned_data["number"], holder_name=form.cleaned_data["holder_name"]
        )
        context.update({"searched": True, "certificate": certificate})
    return render(request, "certificates/verify.html", context)


@require_http_methods(["GET"])
def verify_token(request, token: str):
    """The QR code's link: opens the certificate's verification without typing."""
    if verify_rate_limited(request):
        return _too_many(request)
    read = verification_token_read(token)  # (id, number), or None for a token that is not ours
    anonymous = not request.user.is_authenticated
    if anonymous and read is not None:
        kept = public_page_get(*read)
        if kept is not None:
            return HttpResponse(kept)
    certificate = certificate_public_get(pk=read[0], number=read[1]) if read else None
    response = render(
        request, "certificates/verify.html", {"searched": True, "certificate": certificate, "from_qr": True}
    )
    if anonymous and read is not None:
        public_page_keep(*read, response.content)
    return response


@login_required
def mine(request):
    certificates = certificates_held_by(user=request.user).select_related("replaces")
    return render(request, "certificates/mine.html", {"certificates": certificates})


@login_required
def e_certificate(request, pk: int):
    """The holder's own e-certificate; anyone else gets a 404."""
    certificate = get_object_or_404(
        certificates_held_by(user=request.user)
        .filter(status=CertificateStatus.VALID)
        .select_related(*PRINTED_RELATIONS),
        pk=pk,
    )
    kept = kept_document(kind=E_CERTIFICATE, obj=certificate)  # rendered once per version (decision 0025)
    return kept_file_response(kept, filename=e_certificate_filename(certificate))


def _require_manager(request) -> None:
    if not managing_bureau_ids(user=request.user):
        raise Http404


@login_required
def manage(request):
    """HR-bureau reviewers: their bureau's certificates, searchable, paged."""
    _require_manager(request)
    # Posted: staff type holders' ID numbers into any search box (zhicheng.common.search).
    criteria = search_criteria(request, scope="certificates:manage")
    if criteria.redirect:
        return criteria.redirect
    search = ManageSearchForm(criteria.data)
    qs = certificates_managed_by(user=request.user).select_related("replaced_by")
    query = ""
    if search.is_valid():
        query = search.cleaned_data["q"]
        qs = certificates_search(qs, query=query)
    page = Paginator(qs.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "certificates/manage.html",
                  {"search": search, "page": page, "query": query, "search_query": criteria.query})


@login_required
@require_http_methods(["GET", "POST"])
def void(request, pk: int):
    _require_manager(request)
    certificate = get_object_or_404(certificates_managed_by(user=request.user), pk=pk)
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate_void(certificate=certificate, reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "reason" in exc.error_dict:
                form.add_error("reason", exc.error_dict["reason"])
            else:
                form.add_error(None, exc.messages[0])
        else:
            messages.success(request, f"证书 {certificate.number} 已作废。")
            return redirect("certificates:manage")
    return render(request, "certificates/void.html", {"certificate": certificate, "form": form})
