"""gunicorn's access log without full ID or phone numbers (configured in config/gunicorn.conf.py).

gunicorn writes its access log itself, outside Django's logging: the request line, path, query
string and referrer would hold a number typed into a search box or pasted into a link. This
logger class masks them (``zhicheng.common.logging.mask_url``) before the log format is applied,
whatever ``access_log_format`` an operator chooses.
"""

from __future__ import annotations

from gunicorn.glogging import Logger

from .logging import mask_text, mask_url

# Atoms that carry a URL or a part of one (gunicorn's names; environ and header atoms lower-cased).
_URL_ATOMS = ("U", "q", "f", "{raw_uri}e", "{path_info}e", "{query_string}e", "{referer}i", "{http_referer}e")


class MaskingGunicornLogger(Logger):
    """gunicorn's default logger, with ID-like and phone-like strings masked in the access log."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in _URL_ATOMS:
            value = atoms.get(key)
            if isinstance(value, str) and value:
                atoms[key] = mask_url(("?" + value) if key in ("q", "{query_string}e") else value)
                if key in ("q", "{query_string}e"):
                    atoms[key] = atoms[key][1:]
        method, _, rest = (atoms.get("r") or "").partition(" ")
        uri, _, protocol = rest.rpartition(" ")
        if uri:
            atoms["r"] = f"{method} {mask_url(uri)} {protocol}"
        for key, value in list(atoms.items()):
            if key not in _URL_ATOMS and key != "r" and isinstance(value, str) and any(c.isdigit() for c in value):
                atoms[key] = mask_text(value)
        return atoms
