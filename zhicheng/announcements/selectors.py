"""Reads of 通知公告 and 常见问题: what the public sees, a region's lineage, who publishes, and the
latest notices of a region kept in the per-process cache for the home page and the workbench."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import caches
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from zhicheng.orgs.constants import OrgKind, Role

from .models import Announcement, AnnouncementAttachment, FaqEntry

PROVINCE_CODE = "440000"
PUBLISHER_ROLES = (Role.REVIEWER, Role.ORG_ADMIN)
LATEST_LIMIT = 5
#: Seconds another server process may show the latest notices it read before a change
#: (the process that saved drops its copy at once; services.py).
LATEST_CACHE_SECONDS = 60
_CACHE_ALIAS = "fragments"


def region_lineage(code: str | None) -> list[str]:
    """The region codes whose notices a person of region ``code`` sees: the region itself, its city
    and the province, from the GB/T 2260 code alone (``441622`` → ``441622, 441600, 440000``).
    An empty or malformed code gives the province only."""
    if not code or len(code) != 6 or not code.isdigit():
        return [PROVINCE_CODE]
    city = code[:4] + "00"
    return list(dict.fromkeys([code, city, PROVINCE_CODE]))


def region_filter(code: str) -> Q:
    """The regions the public list shows for a chosen ``code``: for a city, the province, the city
    and all its counties; for a county, its lineage; for the province, the province alone."""
    if code == PROVINCE_CODE:
        return Q(region_id=PROVINCE_CODE)
    if len(code) == 6 and code.isdigit() and code.endswith("00"):
        return Q(region__code__startswith=code[:4]) | Q(region_id=PROVINCE_CODE)
    return Q(region_id__in=region_lineage(code))


def announcements_published(*, now=None) -> QuerySet[Announcement]:
    """Notices that anyone may read now: published, not withdrawn, not expired."""
    now = now or timezone.now()
    return Announcement.objects.filter(published_at__lte=now, withdrawn_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


def announcements_public(*, region_code: str = "", q: str = "") -> QuerySet[Announcement]:
    """The public list: published notices of the regions ``region_filter(region_code)`` names (all
    regions when empty),
    whose title or text contains ``q``; pinned first, newest first."""
    qs = announcements_published().select_related("region__parent", "publisher")
    if region_code:
        qs = qs.filter(region_filter(region_code))
    q = (q or "").strip()[:50]
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(body__icontains=q))
    return qs.order_by("-pinned", "-published_at", "-id")


def announcement_public_get(*, pk: int) -> Announcement | None:
    """The published notice ``pk`` as anyone may read it (``announcements_published``: published, not
    withdrawn, not expired), with its region, publisher, plan and attachments (in upload order) loaded;
    None when there is no such notice now (the page answers 404)."""
    return (
        announcements_published().filter(pk=pk).select_related("region__parent", "publisher", "plan__committee")
        .prefetch_related(Prefetch("attachments", queryset=AnnouncementAttachment.objects.order_by("id")))
        .first()
    )


def announcement_attachment_public_get(*, pk: int) -> AnnouncementAttachment | None:
    """An attachment of a notice the public may read now; None otherwise (withdrawn, expired…)."""
    return AnnouncementAttachment.objects.filter(pk=pk, announcement__in=announcements_published()).first()


def faq_entries_public(*, region_code: str = "", q: str = "") -> QuerySet[FaqEntry]:
    """The active FAQ entries, of ``region_code`` and the regions above it when given (``region_filter``),
    whose question or answer contains ``q`` (stripped, at most 50 characters; case-insensitive); ordered
    by region, the publisher's order, then id."""
    qs = FaqEntry.objects.filter(is_active=True).select_related("region__parent", "publisher")
    if region_code:
        qs = qs.filter(region_filter(region_code))
    q = (q or "").strip()[:50]
    if q:
        qs = qs.filter(Q(question__icontains=q) | Q(answer__icontains=q))
    return qs.order_by("region_id", "order", "id")


def publisher_bureau_ids(*, user) -> list[int]:
    """The HR bureaus ``user`` publishes for: active reviewers and organisation administrators of
    an HR bureau (from the memberships already read for the request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return sorted({org for org, role, kind in user.active_membership_rows
                   if kind == OrgKind.HR_BUREAU and role in PUBLISHER_ROLES})


def plan_announcements(*, plan) -> list[Announcement]:
    """Published notices linked to ``plan`` (shown on the plan's page)."""
    return list(announcements_published().filter(plan=plan).select_related("region").order_by("-published_at")[:20])


@dataclass(frozen=True)
class LatestItem:
    pk: int
    title: str
    published_at: object
    pinned: bool
    region_name: str


_generation = [0]  # bumped by announcements_latest_forget: older keys are never read again


def _cache_key(codes: list[str]) -> str:
    return f"announcements:latest:{_generation[0]}:" + "-".join(codes)


def announcements_latest(*, region_code: str | None) -> list[LatestItem]:
    """The newest published notices of ``region_code``'s lineage (pinned first, at most
    ``LATEST_LIMIT``), for the home page and the workbench.

    Kept per process (the ``fragments`` cache, no database query when present) until the first of:
    ``LATEST_CACHE_SECONDS``, the expiry of a listed notice, or a change saved by this process
    (``announcements_latest_forget``). One query when not present.
    """
    codes = region_lineage(region_code)
    cache = caches[_CACHE_ALIAS]
    key = _cache_key(codes)
    now = timezone.now()
    hit = cache.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    rows = list(
        announcements_published(now=now).filter(region_id__in=codes).select_related("region__parent")
        .order_by("-pinned", "-published_at", "-id")[:LATEST_LIMIT]
    )
    items = [LatestItem(a.pk, a.title, a.published_at, a.pinned, a.region.full_name) for a in rows]
    valid_until = min([now + timezone.timedelta(seconds=LATEST_CACHE_SECONDS)]
                      + [a.expires_at for a in rows if a.expires_at])
    cache.set(key, (valid_until, items), LATEST_CACHE_SECONDS)
    return items


def announcements_latest_forget() -> None:
    """Drop this process's copies of the latest notices (after a notice is saved or withdrawn)."""
    _generation[0] += 1


def person_region_code(*, user, profile=None, profile_loaded: bool = False) -> str | None:
    """The region whose notices ``user`` is shown: the region of their stored personnel unit, else
    of the unit chosen in their draft, else of the first organisation they work for; None when
    there is none (they then see the province's). The workbench passes the ``profile`` it loaded
    with its units (``profile_loaded=True``, also when it found none) so no more rows are read."""
    if profile is not None or profile_loaded:
        unit = None
        if profile is not None:
            unit = profile.personnel_unit if profile.personnel_unit_id else (
                profile.draft_personnel_unit if profile.draft_personnel_unit_id else None)
        if unit is not None:
            return unit.region_id
    elif getattr(user, "is_authenticated", False):
        from zhicheng.profiles.models import Profile

        row = Profile.objects.filter(user=user).values_list(
            "personnel_unit__region_id", "draft_personnel_unit__region_id").first()
        if row and (row[0] or row[1]):
            return row[0] or row[1]
    if getattr(user, "is_authenticated", False):
        from zhicheng.orgs.models import Organisation

        org_ids = [org for org, _, _ in user.active_membership_rows]
        if org_ids:
            return Organisation.objects.filter(pk=min(org_ids)).values_list("region_id", flat=True).first()
    return None
