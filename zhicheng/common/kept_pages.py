"""Pages kept per person: built once, served again until something they show changes (issue 23).

The applicant's workbench (``/profile/``) reads seven queries and renders a dozen templates for a page
that, for one person, changes a few times a month; on the last days of an application window every
applicant opens it several times an hour. Here such a page is kept whole in the ``identity`` cache
(Redis in production, beside the person's kept identity, ``zhicheng.accounts.identity``) and served
again, with one cache round trip and no query, for as long as it is *current*. This module knows no
app (decision 0029): models and pages declare what they need, the mechanism is here.

**Scopes and generations.** A page depends on *scopes*: ``person:<user id>`` (what is that person's:
their profile, cases, notifications…) and ``all`` (rows every page may show: organisations, regions,
plans, committees…). Each scope has a *generation*, a random token in the cache. A kept page records
the generations it was built under and is served only while each is still current; changing a row
bumps the generations of the scopes it concerns (``kept_pages_forget``) when its transaction commits —
one cache write per transaction. A request reads the generations before the rows, so a copy built from
rows read before the commit carries a generation the commit replaced; and a page built inside an open
transaction (which might still roll back) is never kept.

**What bumps.** A model whose rows some kept page shows declares, on the class, which scopes a row
concerns::

    class Case(models.Model):
        kept_pages_scopes = {"person": "applicant_id"}          # the applicant's pages
    class Organisation(models.Model):
        kept_pages_scopes = {"all": None}                        # every kept page

(the value is a field path from the row to the scope's id, ``case__applicant_id`` for a case's
step). Every way Django writes such a row then bumps its scopes:

* ``save()`` and ``delete()`` (also a cascade, and ``QuerySet.delete()``, which sends the signals
  because receivers are connected): model signals, connected for every declaring model;
* ``QuerySet.update()``, ``bulk_create()`` and ``bulk_update()``: the model's default manager must be
  built on :class:`KeptQuerySet`, which reads the scopes of the rows before an update (one query) and
  of the objects after a bulk write. A system check (``zhicheng.E010``) refuses to start a site where a
  declaring model's manager is not;
* a raw ``INSERT`` through ``zhicheng.common.bulk`` bumps the scopes of the objects it inserts.

Which tables a page reads is checked, not trusted: ``zhicheng/profiles/tests/test_kept_workbench.py``
renders every workbench of the test world and fails on a table that no declaration covers.

**What else makes a page current.** The local date (deadlines count days), the request's address and
query string, the person's kept identity (a change to the account or the roles bumps their scope:
``identity_forget``), and at most :data:`KEPT_SECONDS` (the latest notices shown on the workbench
are kept per process for as long, ``announcements.selectors``; after a deployment a page built by
the old code is served for no longer). A page is **not** kept or served kept when the request is not
a plain ``GET``, is an htmx request, has messages waiting to be shown, or when building it queued
messages, changed the session, set a cookie or a header, did not answer 200 with HTML, or ran inside
an open transaction (what it shows might yet be rolled back).

**CSRF.** A kept page must not carry the token of the request that built it (a new login rotates the
secret). While a page is built, the ``csrf_token`` of its templates is a placeholder
(``zhicheng.common.context_processors.site``), replaced with the request's own token whenever the
page is served, built or kept.

Without an ``identity`` cache alias (the embedded default) or with ``ZHICHENG_KEPT_PAGES`` off, pages
are built on every request as before (``kept_pages_enabled``).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable, Iterable

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.db import models, transaction
from django.db.models.signals import post_save, pre_delete
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

CACHE_ALIAS = "identity"
VERSION = 1
KEPT_SECONDS = 60  # the longest a kept page is served (see the module docstring)
GENERATION_TIMEOUT = 7 * 24 * 3600
SCOPE_ALL = "all"
SCOPE_KINDS = ("person", SCOPE_ALL)
# More scopes than this from one write (a unit merged with thousands of persons) bump ``all`` instead.
SCOPES_MAX = 200
# The ``csrf_token`` of a page being built; same shape as a real token (64 letters and digits).
CSRF_PLACEHOLDER = "keptpagecsrfplaceholder" + "0" * 41
_BUILDING_ATTR = "_kept_page_building"


def kept_pages_enabled() -> bool:
    """Whether pages are kept: an ``identity`` cache alias is configured (Redis in production, local
    memory in the tests) and ``settings.KEPT_PAGES`` (env ``ZHICHENG_KEPT_PAGES``) is on."""
    return CACHE_ALIAS in settings.CACHES and settings.KEPT_PAGES


def _cache():
    return caches[CACHE_ALIAS]


def person_scope(user_id: int) -> str:
    """The scope of what is one person's (``person:<user id>``)."""
    return f"person:{int(user_id)}"


def _gen_key(scope: str) -> str:
    return f"kept:{VERSION}:gen:{scope}"


def _bump(scopes: set[str]) -> None:
    if len(scopes) > SCOPES_MAX:
        scopes = {SCOPE_ALL}
    _cache().set_many({_gen_key(s): secrets.token_hex(8) for s in scopes}, GENERATION_TIMEOUT)


def _commit_hooks_run(connection) -> bool:
    """Whether the open transaction's commit hooks will run: not inside a test's own transaction
    (Django's ``TestCase`` never commits it), where a bump is made at once instead."""
    return not any(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def kept_pages_forget(scopes: Iterable[str]) -> None:
    """Make every kept page of ``scopes`` stale (``"person:12"``, ``"all"``) once the current
    transaction commits: one cache write per transaction, whatever number of rows it changes (the
    scopes of one transaction are gathered in its commit hook). Outside a transaction, at once. Inside
    a test's own transaction, which never commits, also at once.

    Why at commit is enough: a page is never kept when built inside a transaction (``kept_page``),
    and a request reads the generations *before* the rows it shows, so a copy built from rows read
    before the commit carries a generation the commit replaces. Models that declare
    ``kept_pages_scopes`` call this through their signals and :class:`KeptQuerySet`; call it by hand
    only after a write that goes around both (raw SQL). Does nothing when pages are not kept.
    """
    if not kept_pages_enabled():
        return
    scopes = set(scopes)
    if not scopes:
        return
    connection = transaction.get_connection()
    if not connection.atomic_blocks or not _commit_hooks_run(connection):
        _bump(scopes)
        return
    for _, hook, _ in connection.run_on_commit:  # this transaction's hook: add to it
        pending = getattr(hook, "kept_pages_scopes", None)
        if pending is not None:
            pending |= scopes
            return
    pending = set(scopes)

    def hook():
        _bump(pending)

    hook.kept_pages_scopes = pending
    transaction.on_commit(hook)


# -- what a row concerns --------------------------------------------------------------------------

def _declared(model) -> dict[str, str | None]:
    return getattr(model, "kept_pages_scopes", None) or {}


def _walk(obj, path: str):
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part, None)
    return obj


def kept_scopes_of(instance: models.Model) -> set[str]:
    """The scopes a row concerns, by its model's ``kept_pages_scopes`` (may read the related rows a
    path goes through, e.g. a step's case)."""
    found = set()
    for kind, path in _declared(type(instance)).items():
        if path is None:
            found.add(SCOPE_ALL)
            continue
        value = _walk(instance, path)
        if value is not None:
            found.add(f"{kind}:{value}")
    return found


def _scopes_of_rows(queryset) -> set[str]:
    """The scopes of the rows ``queryset`` matches (one query per declared path)."""
    found = set()
    for kind, path in _declared(queryset.model).items():
        if path is None:
            found.add(SCOPE_ALL)
            continue
        values = queryset.order_by().values_list(path, flat=True).distinct()[: SCOPES_MAX + 1]
        found.update(f"{kind}:{v}" for v in values if v is not None)
    return found


class KeptQuerySet(models.QuerySet):
    """The queryset of a model that declares ``kept_pages_scopes``: its bulk writes bump the scopes of
    the rows they touch (``save()``/``delete()`` do through the signals). Build the default manager on
    it: ``objects = KeptQuerySet.as_manager()``, or subclass it for a queryset of your own."""

    def update(self, **kwargs):
        scopes = _scopes_of_rows(self) if _declared(self.model) else set()
        done = super().update(**kwargs)
        if done and scopes:
            for kind, path in _declared(self.model).items():  # a path's own field changed: the new owner too
                if path and "__" not in path and path.removesuffix("_id") in {k.removesuffix("_id") for k in kwargs}:
                    value = kwargs.get(path, kwargs.get(path.removesuffix("_id")))
                    value = getattr(value, "pk", value)
                    if value is not None:
                        scopes.add(f"{kind}:{value}")
            kept_pages_forget(scopes)
        return done

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        kept_pages_forget_objects(created)
        return created

    bulk_create.alters_data = True

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        done = super().bulk_update(objs, fields, *args, **kwargs)
        kept_pages_forget_objects(objs)
        return done

    bulk_update.alters_data = True


def kept_pages_forget_objects(objs: Iterable[models.Model]) -> None:
    """Bump the scopes of rows written in bulk (``bulk_create``, ``zhicheng.common.bulk``)."""
    scopes: set[str] = set()
    for obj in objs:
        if _declared(type(obj)):
            scopes |= kept_scopes_of(obj)
            if len(scopes) > SCOPES_MAX:
                break
    kept_pages_forget(scopes)


def _on_write(sender, instance, **kwargs):
    if kwargs.get("raw"):  # fixtures being loaded
        return
    kept_pages_forget(kept_scopes_of(instance))


def kept_pages_models() -> list[type[models.Model]]:
    """Every installed model that declares ``kept_pages_scopes``."""
    return [m for m in apps.get_models() if _declared(m)]


def kept_pages_signals_connect() -> None:
    """Connect the bump to the saves and deletes of every declaring model (CommonConfig.ready)."""
    for model in kept_pages_models():
        post_save.connect(_on_write, sender=model, dispatch_uid=f"kept_pages_save_{model._meta.label}")
        pre_delete.connect(_on_write, sender=model, dispatch_uid=f"kept_pages_delete_{model._meta.label}")


def kept_pages_managers_errors(models_declaring) -> list[checks.Error]:
    """zhicheng.E010 for each of ``models_declaring`` whose default manager is not built on
    :class:`KeptQuerySet` (its bulk writes would leave kept pages stale) or whose paths are malformed."""
    errors = []
    for model in models_declaring:
        qs_class = getattr(model._default_manager, "_queryset_class", None)
        if not (isinstance(qs_class, type) and issubclass(qs_class, KeptQuerySet)):
            errors.append(checks.Error(
                f"{model._meta.label} declares kept_pages_scopes but its default manager is not built on "
                "KeptQuerySet: QuerySet.update() and bulk writes would leave kept pages stale.",
                obj=model, id="zhicheng.E010",
            ))
        for kind, path in _declared(model).items():
            if kind not in SCOPE_KINDS or (path is None) != (kind == SCOPE_ALL) or (
                    path is not None and not path.replace("_", "").isalnum()):
                errors.append(checks.Error(f"{model._meta.label}: bad kept_pages_scopes entry {kind!r}: {path!r}",
                                           obj=model, id="zhicheng.E010"))
    return errors


@checks.register()
def kept_pages_managers_check(app_configs=None, **kwargs):
    """The system check of :func:`kept_pages_managers_errors` over every installed model."""
    return kept_pages_managers_errors(kept_pages_models())


# -- serving ----------------------------------------------------------------------------------------

def kept_page_building(request: HttpRequest) -> bool:
    """Whether ``request`` is building a page to keep (its templates get the CSRF placeholder)."""
    return getattr(request, _BUILDING_ATTR, False)


def _messages_waiting(request) -> bool:
    storage = getattr(request, "_messages", None)
    if storage is None:
        return False
    # The storage's own lists: iterating it would mark the messages shown.
    return bool(storage._queued_messages) or bool(storage._loaded_messages)


def _inside_a_transaction() -> bool:
    """Whether a transaction of this code is open (a test's own transaction does not count): a page
    built there may show writes that are rolled back after it is kept."""
    return any(not getattr(block, "_from_testcase", False) for block in transaction.get_connection().atomic_blocks)


def _page_key(name: str, user_id: int, request: HttpRequest) -> str:
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:24]
    return f"kept:{VERSION}:page:{name}:{user_id}:{address}"


def _with_token(request, html: str) -> str:
    return html.replace(CSRF_PLACEHOLDER, get_token(request)) if CSRF_PLACEHOLDER in html else html


def kept_page(request: HttpRequest, *, name: str, scopes: list[str], build: Callable[[], HttpResponse]) -> HttpResponse:
    """The signed-in person's page ``name``: the kept copy while it is current, else ``build()``
    (kept when it may be). One cache round trip (``MGET`` of the page and its generations) and no
    query when kept.

    Args:
        request: a request whose ``user`` is signed in (the page is kept for ``request.user`` only).
        name: the page's name in the keys (``"workbench"``).
        scopes: the scopes it shows besides ``all`` (``[person_scope(user.pk)]``).
        build: builds the page as the view always did; called when there is no current copy.

    Returns the page with this request's CSRF token. See the module docstring for when a page is
    built anyway and when what was built is not kept.
    """
    user_id = getattr(request.user, "pk", None)
    if (not kept_pages_enabled() or user_id is None or request.method != "GET"
            or request.headers.get("HX-Request") or _messages_waiting(request)):
        return build()
    cache = _cache()
    page_key = _page_key(name, user_id, request)
    gen_keys = [_gen_key(s) for s in [*scopes, SCOPE_ALL]]
    got = cache.get_many([page_key, *gen_keys])
    tokens = [got.get(k) for k in gen_keys]
    today = timezone.localdate().isoformat()
    entry = got.get(page_key)
    if (entry is not None and None not in tokens and entry["tokens"] == tokens and entry["day"] == today
            and entry["user"] == user_id and entry["until"] > time.time()):
        return HttpResponse(_with_token(request, entry["html"]), content_type=entry["type"])
    for i, key in enumerate(gen_keys):
        if tokens[i] is None:
            fresh = secrets.token_hex(8)
            tokens[i] = fresh if cache.add(key, fresh, GENERATION_TIMEOUT) else cache.get(key)
    session = getattr(request, "session", None)
    session_modified = getattr(session, "modified", False)
    setattr(request, _BUILDING_ATTR, True)
    try:
        response = build()
    finally:
        setattr(request, _BUILDING_ATTR, False)
    if getattr(response, "streaming", False) or not isinstance(response, HttpResponse):
        return response
    content_type = response.get("Content-Type", "")
    html = response.content.decode(response.charset or "utf-8") if content_type.startswith("text/html") else None
    keep = (
        html is not None and response.status_code == 200 and None not in tokens
        and not response.cookies and set(response.headers) <= {"Content-Type"}
        and not _messages_waiting(request) and not getattr(getattr(request, "_messages", None), "used", False)
        and getattr(session, "modified", False) == session_modified and not _inside_a_transaction()
    )
    if keep:
        cache.set(page_key, {"tokens": tokens, "day": today, "user": user_id, "until": time.time() + KEPT_SECONDS,
                             "html": html, "type": content_type}, KEPT_SECONDS)
    if html is not None and CSRF_PLACEHOLDER in html:
        response.content = _with_token(request, html).encode(response.charset or "utf-8")
    return response
