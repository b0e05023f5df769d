from django.conf import settings

from .kept_pages import CSRF_PLACEHOLDER, kept_page_building


def site(request):
    context = {"SITE_NAME": settings.SITE_NAME, "DEV_OUTBOX_ENABLED": settings.DEV_OUTBOX_ENABLED}
    if kept_page_building(request):  # a page being kept carries a placeholder, never a token (kept_pages)
        context["csrf_token"] = CSRF_PLACEHOLDER
    return context
