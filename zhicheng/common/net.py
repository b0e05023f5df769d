"""The client address, taken from a trusted proxy header only when one is configured."""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str:
    header = settings.TRUSTED_PROXY_IP_HEADER
    if header:
        value = request.META.get(header, "")
        if value:
            return value.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")
