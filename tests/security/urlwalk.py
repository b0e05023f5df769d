"""Every URL pattern of the project, found by walking the root resolver recursively."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"; unnamed patterns get "namespace:<route>"
    route: str  # the pattern text from the root, for messages
    namespace: str
    callback: object

    @property
    def csrf_exempt(self) -> bool:
        return bool(getattr(self.callback, "csrf_exempt", False))


def _walk(patterns, prefix: str, namespace: str):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            local = p.name or f"<{route}>"
            yield Route(f"{namespace}:{local}" if namespace else local, route, namespace, p.callback)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns, "", ""))


def top_namespace(name: str) -> str:
    return name.split(":", 1)[0] if ":" in name else ""
