"""Sessions in the cache, written through to the database (Django's ``cached_db``), read in the same
round trip as the signed-in person's kept identity (issue 23; zhicheng.accounts.identity).

A signed-in request used to cost two cache round trips before the view ran: the session (``GET``)
and then, with the user id it names, the person's kept entry and its generation (``MGET``). The
browser holds a hint of its user's entry (``identity.HINT_COOKIE``), so the session store reads all
three keys at once (one ``MGET``) and hands the entry and its generation to ``identity_get`` for
this request (``identity.identity_prefetch``). Nothing else changes: the session is the session
``cached_db`` stores, the entry is used only for the user id the session names and only with the
current generation, and without a hint (or with a wrong one) the request reads as before.

Used in production with ``SESSION_CACHE_ALIAS = "identity"`` (config/settings/production.py): the
sessions and the kept identities must be in one cache for one ``MGET`` to read both; with another
alias this store behaves exactly as ``cached_db``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

from . import identity


class SessionStore(CachedDBStore):
    #: The request's hint cookie (set by zhicheng.accounts.middleware.SessionMiddleware).
    identity_hint: str | None = None

    def _identity_keys(self) -> tuple[str, str, str] | None:
        """(hint, entry key, generation key) to read with the session, or None to read it alone."""
        hint = self.identity_hint
        if (
            hint is None
            or self.session_key is None  # no session yet: nothing of a person to read
            or settings.SESSION_CACHE_ALIAS != identity.CACHE_ALIAS
            or not identity.identity_prefetch_wanted()
            or not identity.hint_valid(hint)
        ):
            return None
        return (hint, *identity.hint_keys(hint))

    def load(self):
        keys = self._identity_keys() if identity.identity_enabled() else None
        if keys is None:
            return super().load()
        hint, entry_key, generation_key = keys
        session_key = self.cache_key
        try:
            got = self._cache.get_many([session_key, entry_key, generation_key])
        except Exception:  # noqa: BLE001 - as cached_db: a cache that fails is read around, from the database
            return super().load()
        identity.identity_prefetch(hint, got.get(entry_key), got.get(generation_key))
        data = got.get(session_key)
        if data is None:  # not in the cache (expired there, or Redis emptied): cached_db's database path
            s = self._get_session_from_db()
            if s:
                data = self.decode(s.session_data)
                self._cache.set(session_key, data, self.get_expiry_age(expiry=s.expire_date))
            else:
                data = {}
        return data
