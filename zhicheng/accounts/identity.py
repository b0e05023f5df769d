"""What every page needs about the signed-in person, read once and kept per user (issue 23).

A signed-in request used to cost three queries before the view ran: the account row, whether the
person has a confirmed authenticator (the 2FA check) and, on most pages, their memberships (the
navigation and the permission checks); a verified staff member paid a fourth for the device of the
session. Here those facts are read together on the first request and kept in the cache alias
``identity`` (Redis in production; see config/settings/production.py), so a signed-in request
costs one cache read (``MGET`` of the entry and its generation), made together with the session's
(below: one round trip).

What is kept (``identity_read``):

* the account row **without its secrets**: the password hash, the encrypted ID and phone numbers
  and the e-mail address are left *deferred* on the ``User`` built from the entry, so they are read
  from the database only by a page that touches them (all of them in one query,
  ``User.refresh_from_db``); the session-auth hash (an HMAC of the password hash, the value every
  session already holds) stands in for the password in Django's session check, and the masked ID
  number (as every page shows it) for labels and audit rows;
* the memberships with ``is_active`` (organisation id, role, organisation kind, ``ends_on``): the
  end date is judged at every read, so a role past its end date is out of force at midnight
  exactly as ``Membership.objects.in_force()`` says;
* the confirmed TOTP devices (id, name): the 2FA check and the device of a verified session. The
  device built from the entry has its secret key deferred; verifying a code reads the row.

Invalidation: every change to these rows bumps the user's *generation* (``identity_forget``), a
random token kept beside the entry; an entry is used only when it carries the current generation.
The bump happens at once and again when the transaction commits, so a request that read the old
rows in between cannot keep them: its entry carries a generation that the commit replaced. The
bumps are wired to the models' signals (``User``, ``Membership``, ``TOTPDevice``: saves and
deletes, whichever service makes them) and called by hand after the few ``QuerySet.update()``
calls that bypass signals (``committees.services.expert_deactivate``).

One round trip per signed-in request: the entry and its generation are named by the user's *hint*
(``identity_hint``: an HMAC of the user id, not the id itself), which the browser holds in a cookie
of its own beside the session cookie (``HINT_COOKIE``, set and dropped by
``zhicheng.accounts.middleware.SessionMiddleware``). Where the sessions live in the same cache
(production: ``zhicheng.accounts.sessions``, ``SESSION_CACHE_ALIAS = "identity"``), the session is
read with the hinted entry and generation in one ``MGET`` and the two are handed to ``identity_get``
for this request only (``identity_prefetch``). The hint is never trusted: an entry is used only for
the user id the session names and with the current generation, so a wrong or forged hint costs the
second round trip, nothing more.

Without an ``identity`` cache alias (the embedded default: no Redis) nothing is kept and every
request reads the database as before (``identity_enabled``).
"""

from __future__ import annotations

import contextvars
import secrets

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from zhicheng.common.kept_pages import kept_pages_forget, person_scope

CACHE_ALIAS = "identity"
VERSION = 2  # 2: entries named by the hint, not the user id
HINT_COOKIE = "zhicheng_identity_hint"
HINT_LENGTH = 32
DATA_TIMEOUT = 3600  # seconds; an entry not read for an hour is dropped (correctness comes from the generation)
GENERATION_TIMEOUT = 7 * 24 * 3600
# The account row as kept: everything except the secrets (deferred on the instance, see module docstring).
DEFERRED_FIELDS = ("password", "id_number", "phone", "email")


def identity_enabled() -> bool:
    """Whether an ``identity`` cache alias is configured (Redis in production, local memory in tests)."""
    return CACHE_ALIAS in settings.CACHES


def _cache():
    return caches[CACHE_ALIAS]


def identity_hint(user_id: int) -> str:
    """The name of ``user_id``'s kept entry, as the hint cookie carries it: an HMAC of the id under
    the secret key (the cookie does not show the account's number)."""
    return salted_hmac("zhicheng.accounts.identity.hint", str(user_id)).hexdigest()[:HINT_LENGTH]


def hint_valid(hint) -> bool:
    """Whether a cookie's value has the form of a hint (only such values name cache keys)."""
    return isinstance(hint, str) and len(hint) == HINT_LENGTH and all(c in "0123456789abcdef" for c in hint)


def hint_keys(hint: str) -> tuple[str, str]:
    """The cache keys of the entry and of the generation named by ``hint``."""
    return f"identity:v{VERSION}:{hint}", f"identity:gen:{hint}"


def _keys(user_id: int) -> tuple[str, str]:
    return hint_keys(identity_hint(user_id))


# -- one round trip: the entry read with the session (zhicheng.accounts.sessions) ------------------
# The request's box: {hint: (entry or None, generation or None)} as read with the session. Set to a
# fresh dict for each request by the session middleware and reset after it, so nothing read for one
# request can serve another.
_prefetched: contextvars.ContextVar[dict | None] = contextvars.ContextVar("identity_prefetched", default=None)


def identity_prefetch_begin() -> contextvars.Token:
    return _prefetched.set({})


def identity_prefetch_end(token: contextvars.Token) -> None:
    _prefetched.reset(token)


def identity_prefetch(hint: str, entry, generation) -> None:
    """Hand what the session read found under ``hint`` to this request's ``identity_get``."""
    box = _prefetched.get()
    if box is not None:
        box[hint] = (entry, generation)


def identity_prefetch_wanted() -> bool:
    """Whether a request is under way that can take a prefetched entry (the session middleware's)."""
    return _prefetched.get() is not None


def _kept_attnames() -> list[str]:
    from .models import User

    return [f.attname for f in User._meta.concrete_fields if f.attname not in DEFERRED_FIELDS]


def identity_read(user_id: int) -> dict | None:
    """The facts kept for ``user_id``, read from the database (three queries); None if there is no
    such account.

    Returns ``{"row": {attname: value}, "session_hash": str, "masked_id_number": str, "memberships": [(organisation id,
    role, organisation kind, ends_on or None)], "devices": [(device id, name)]}``.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from zhicheng.orgs.models import Membership

    from .models import User

    attnames = _kept_attnames()
    user = User.objects.filter(pk=user_id).only(*attnames, "password", "id_number").first()
    if user is None:
        return None
    return {
        "row": {name: getattr(user, name) for name in attnames},
        "session_hash": user.get_session_auth_hash(),
        "masked_id_number": user.masked_id_number,  # for labels and audit rows; the number itself is not kept
        "memberships": list(
            Membership.objects.filter(user_id=user_id, is_active=True)
            .order_by("pk").values_list("organisation_id", "role", "organisation__kind", "ends_on")
        ),
        "devices": list(
            TOTPDevice.objects.filter(user_id=user_id, confirmed=True).order_by("-id").values_list("id", "name")
        ),
    }


def identity_get(user_id: int) -> dict | None:
    """The kept facts of ``user_id`` (``identity_read``'s shape): from the cache when its entry carries
    the current generation, otherwise read and kept. One cache round trip on a hit, none when the
    session's read brought the entry and its generation (``identity_prefetch``)."""
    cache = _cache()
    hint = identity_hint(user_id)
    data_key, gen_key = hint_keys(hint)
    box = _prefetched.get()
    if box and hint in box:  # read with the session, for this request only (used once)
        data, gen = box.pop(hint)
    else:
        got = cache.get_many([data_key, gen_key])
        gen, data = got.get(gen_key), got.get(data_key)
    if gen is not None and data is not None and data.get("gen") == gen and data["row"].get("id") == user_id:
        return data
    if gen is None:
        fresh = secrets.token_hex(8)
        gen = fresh if cache.add(gen_key, fresh, GENERATION_TIMEOUT) else cache.get(gen_key)
    data = identity_read(user_id)
    if data is not None and gen is not None:
        data["gen"] = gen
        cache.set(data_key, data, DATA_TIMEOUT)
    return data


def identity_forget(user_id: int | None) -> None:
    """Make the kept facts of ``user_id`` stale: now and again when the current transaction
    commits (see the module docstring). Call it after any change to the account row, the person's
    memberships or authenticators that bypasses model signals (``QuerySet.update()``). The person's
    kept pages (``zhicheng.common.kept_pages``) are made stale with it."""
    if not user_id or not identity_enabled():
        return
    hint = identity_hint(user_id)
    _, gen_key = hint_keys(hint)
    box = _prefetched.get()
    if box:
        box.pop(hint, None)  # what this request's session read brought is stale now

    def bump():
        _cache().set(gen_key, secrets.token_hex(8), GENERATION_TIMEOUT)

    bump()
    transaction.on_commit(bump)
    kept_pages_forget([person_scope(user_id)])  # their kept pages show the name and the roles' menu


def identity_user(user_id) -> object | None:
    """The ``User`` of ``user_id`` built from the kept facts (no query on a cache hit): secrets
    deferred, ``active_membership_rows`` filled in; None if there is no such account."""
    from .models import User

    try:
        pk = int(user_id)
    except (TypeError, ValueError):
        return None
    data = identity_get(pk)
    if data is None:
        return None
    row = data["row"]
    names = list(row)
    user = User.from_db(DEFAULT_DB_ALIAS, names, [row[n] for n in names])
    user._identity = data
    today = timezone.localdate()
    user.__dict__["active_membership_rows"] = tuple(
        (org_id, role, kind)
        for org_id, role, kind, ends_on in data["memberships"]
        if ends_on is None or ends_on >= today
    )
    return user


def identity_devices(user) -> list[tuple[int, str]] | None:
    """The confirmed TOTP devices (id, name) kept for this user, or None when the user was not
    built from the cache (the caller reads the database)."""
    data = getattr(user, "_identity", None)
    return None if data is None else data["devices"]


def identity_device(user, persistent_id: str):
    """The confirmed TOTP device named by a session's ``persistent_id`` (``otp_totp.totpdevice/<id>``),
    built from the kept facts with its secret fields deferred; None when it is not one of this
    user's confirmed devices. Raises ``LookupError`` when the id is not a TOTP device's (the caller
    asks django-otp)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    label, _, pk = persistent_id.partition("/")
    if label != TOTPDevice.model_label():
        raise LookupError(persistent_id)
    for device_id, name in identity_devices(user) or ():
        if str(device_id) == pk:
            return TOTPDevice.from_db(DEFAULT_DB_ALIAS, ["id", "user_id", "name", "confirmed"],
                                      [device_id, user.pk, name, True])
    return None


# -- signals -----------------------------------------------------------------------------------

def _forget_user(sender, instance, **kwargs):
    identity_forget(instance.pk)


def _forget_owner(sender, instance, **kwargs):
    identity_forget(getattr(instance, "user_id", None))


def identity_signals_connect() -> None:
    """Wire ``identity_forget`` to every save and delete of the rows kept (AccountsConfig.ready)."""
    from django.db.models.signals import post_delete, post_save
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from zhicheng.orgs.models import Membership

    from .models import User

    post_save.connect(_forget_user, sender=User, dispatch_uid="identity_user_save")
    post_delete.connect(_forget_user, sender=User, dispatch_uid="identity_user_delete")
    for model in (Membership, TOTPDevice):
        post_save.connect(_forget_owner, sender=model, dispatch_uid=f"identity_{model.__name__}_save")
        post_delete.connect(_forget_owner, sender=model, dispatch_uid=f"identity_{model.__name__}_delete")
