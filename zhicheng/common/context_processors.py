from django.conf import settings


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "DEV_OUTBOX_ENABLED": settings.DEV_OUTBOX_ENABLED}
