"""通知公告 and 常见问题 pages (/notices/…): the public list, a notice, its attachments, the FAQ;
and the HR bureau's pages that keep them (/notices/manage/…)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from zhicheng.common.search import search_criteria
from zhicheng.orgs.models import Organisation
from zhicheng.orgs.selectors import regions_cities

from . import services
from .forms import AnnouncementForm, FaqForm, SearchForm
from .models import Announcement, AnnouncementAttachment, FaqEntry
from .selectors import (
    announcement_attachment_public_get,
    announcement_public_get,
    announcements_public,
    faq_entries_public,
    person_region_code,
    publisher_bureau_ids,
)

PAGE_SIZE = 20


def _search(request, scope: str):
    """The search form and its criteria. The words go by POST (zhicheng.common.search: whatever is
    typed, an ID number included, never lands in a URL); the region may also come as ``?region=``."""
    criteria = search_criteria(request, scope=scope)
    form = SearchForm(criteria.data, regions=regions_cities())
    region, q = "", ""
    if criteria.data is not None and form.is_valid():
        region, q = form.cleaned_data["region"], form.cleaned_data["q"]
    return criteria, form, region, q


@require_http_methods(["GET", "POST"])
def announcement_list(request):
    """The public list of notices, filtered by region and searched by words (anyone)."""
    criteria, form, region, q = _search(request, "announcements:list")
    if criteria.redirect:
        return criteria.redirect
    page = Paginator(announcements_public(region_code=region, q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    query = criteria.query
    return render(request, "announcements/list.html", {
        "form": form, "page": page, "query": query, "region": region, "q": q,
        "can_publish": bool(publisher_bureau_ids(user=request.user)),
    })


def announcement_detail(request, pk: int):
    a = announcement_public_get(pk=pk)
    if a is None:
        raise Http404
    return render(request, "announcements/detail.html", {"a": a})


def _file_response(att: AnnouncementAttachment) -> FileResponse:
    try:
        handle = att.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=att.original_name, content_type=att.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def attachment_download(request, pk: int):
    """An attachment of a notice anyone may read now (public, like the notice); otherwise 404."""
    att = announcement_attachment_public_get(pk=pk)
    if att is None:
        raise Http404
    return _file_response(att)


@require_http_methods(["GET", "POST"])
def faq(request):
    """常见问题 of the chosen region (its city, counties and the province), searchable; a person
    signed in is first shown their own city's."""
    criteria, form, region, q = _search(request, "announcements:faq")
    if criteria.redirect:
        return criteria.redirect
    if not request.GET and request.user.is_authenticated:
        code = person_region_code(user=request.user)
        if code:
            return redirect(reverse("announcements:faq") + f"?region={code[:4]}00")
    entries = list(faq_entries_public(region_code=region, q=q)[:200])
    return render(request, "announcements/faq.html", {"form": form, "entries": entries, "region": region, "q": q})


def blank_forms(request):
    """空白表格下载: the paper forms, blank, as PDF and Word (zhicheng.documents.blank_forms)."""
    from zhicheng.documents.blank_forms import BLANK_FORMS

    return render(request, "announcements/blank_forms.html", {"forms": BLANK_FORMS.values()})


# -- the HR bureau's pages -------------------------------------------------------------------------
def _bureau(request, org_id: int) -> Organisation:
    if org_id not in publisher_bureau_ids(user=request.user):
        raise Http404
    return get_object_or_404(Organisation.objects.select_related("region__parent"), pk=org_id)


@login_required
def manage_index(request):
    ids = publisher_bureau_ids(user=request.user)
    if not ids:
        raise Http404
    if len(ids) == 1:
        return redirect("announcements:manage", org_id=ids[0])
    bureaus = Organisation.objects.filter(pk__in=ids).select_related("region")
    return render(request, "announcements/manage_index.html", {"bureaus": bureaus})


@login_required
def manage(request, org_id: int):
    bureau = _bureau(request, org_id)
    rows = Announcement.objects.filter(publisher=bureau).order_by("-published_at", "-id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    entries = FaqEntry.objects.filter(publisher=bureau).order_by("order", "id")
    return render(request, "announcements/manage.html", {
        "bureau": bureau, "page": page, "entries": entries, "now": timezone.now(),
    })


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            target = name if name in form.fields else ("expires_on" if name == "expires_at" else None)
            form.add_error(target, errors)
    else:
        form.add_error(None, exc.messages)


def _announcement_values(form) -> dict:
    """What a valid ``AnnouncementForm`` gives ``announcement_publish`` and ``announcement_update``."""
    d = form.cleaned_data
    return {
        "title": d["title"],
        "body": d["body"],
        "pinned": d["pinned"],
        "expires_at": form.expires_at,
        "plan": d["plan"],
    }


def _attachment_add(request, form, announcement: Announcement) -> None:
    """Attach the file uploaded with the form, if any (``ValidationError`` for a refused file)."""
    if form.cleaned_data["attachment"]:
        services.announcement_attachment_add(actor=request.user, announcement=announcement,
                                             uploaded=form.cleaned_data["attachment"])


@login_required
@require_http_methods(["GET", "POST"])
def announcement_new(request, org_id: int):
    bureau = _bureau(request, org_id)
    form = AnnouncementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            a = services.announcement_publish(actor=request.user, bureau=bureau, **_announcement_values(form))
            _attachment_add(request, form, a)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"已发布通知“{a.title}”。")
            return redirect("announcements:edit", org_id=bureau.pk, pk=a.pk)
    return render(request, "announcements/announcement_form.html", {"bureau": bureau, "form": form, "a": None})


def _own(bureau, pk: int) -> Announcement:
    return get_object_or_404(Announcement.objects.select_related("plan"), pk=pk, publisher=bureau)


@login_required
@require_http_methods(["GET", "POST"])
def announcement_edit(request, org_id: int, pk: int):
    bureau = _bureau(request, org_id)
    a = _own(bureau, pk)
    local_expiry = timezone.localtime(a.expires_at) if a.expires_at else None
    initial = {"title": a.title, "body": a.body, "pinned": a.pinned, "plan": a.plan_id,
               "expires_on": (local_expiry - timezone.timedelta(seconds=1)).date() if local_expiry else None}
    form = AnnouncementForm(request.POST or None, request.FILES or None, initial=initial)
    form.fields["attachment"].label = "添加附件"  # the attachments so far are listed below the form
    if request.method == "POST" and a.withdrawn_at is None and form.is_valid():
        try:
            services.announcement_update(actor=request.user, announcement=a, **_announcement_values(form))
            _attachment_add(request, form, a)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "通知已保存。")
            return redirect("announcements:edit", org_id=bureau.pk, pk=a.pk)
    return render(request, "announcements/announcement_form.html", {
        "bureau": bureau, "form": form, "a": a, "attachments": a.attachments.all(),
    })


@login_required
@require_POST
def announcement_withdraw(request, org_id: int, pk: int):
    bureau = _bureau(request, org_id)
    a = _own(bureau, pk)
    services.announcement_withdraw(actor=request.user, announcement=a)
    messages.success(request, f"已撤下通知“{a.title}”。")
    return redirect("announcements:manage", org_id=bureau.pk)


@login_required
@require_POST
def attachment_remove(request, org_id: int, pk: int):
    bureau = _bureau(request, org_id)
    att = get_object_or_404(AnnouncementAttachment, pk=pk, announcement__publisher=bureau)
    services.announcement_attachment_remove(actor=request.user, attachment=att)
    messages.success(request, f"已删除附件“{att.original_name}”。")
    return redirect("announcements:edit", org_id=bureau.pk, pk=att.announcement_id)


@login_required
def manage_attachment(request, org_id: int, pk: int):
    """The bureau's own attachment, also of a withdrawn or expired notice."""
    bureau = _bureau(request, org_id)
    return _file_response(get_object_or_404(AnnouncementAttachment, pk=pk, announcement__publisher=bureau))


@login_required
@require_http_methods(["GET", "POST"])
def faq_new(request, org_id: int):
    bureau = _bureau(request, org_id)
    form = FaqForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.faq_entry_create(actor=request.user, bureau=bureau, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "已添加常见问题。")
            return redirect(reverse("announcements:manage", kwargs={"org_id": bureau.pk}) + "#faq")
    return render(request, "announcements/faq_form.html", {"bureau": bureau, "form": form, "entry": None})


@login_required
@require_http_methods(["GET", "POST"])
def faq_edit(request, org_id: int, pk: int):
    bureau = _bureau(request, org_id)
    entry = get_object_or_404(FaqEntry, pk=pk, publisher=bureau)
    initial = {"question": entry.question, "answer": entry.answer, "order": entry.order, "is_active": entry.is_active}
    form = FaqForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if request.POST.get("delete"):
            services.faq_entry_delete(actor=request.user, entry=entry)
            messages.success(request, f"已删除常见问题“{entry.question}”。")
            return redirect(reverse("announcements:manage", kwargs={"org_id": bureau.pk}) + "#faq")
        if form.is_valid():
            try:
                services.faq_entry_update(actor=request.user, entry=entry, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, "常见问题已保存。")
                return redirect(reverse("announcements:manage", kwargs={"org_id": bureau.pk}) + "#faq")
    return render(request, "announcements/faq_form.html", {"bureau": bureau, "form": form, "entry": entry})

