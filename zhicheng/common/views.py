from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render

from .models import OutboxMessage


def home(request):
    """Public home page, or the logged-in user's workbench."""
    return render(request, "common/home.html")


def about(request):
    return render(request, "common/about.html")


def dev_outbox(request):
    """Development only: the SMS and e-mail that would have been sent (codes readable here)."""
    if not settings.DEV_OUTBOX_ENABLED:
        raise Http404
    return render(request, "common/dev_outbox.html", {"messages_sent": OutboxMessage.objects.all()[:50]})


def bench_floor(request):
    """Benchmark floor (bench/): the cheapest possible page through the full middleware stack.

    Routed only when ``ZHICHENG_BENCH_FLOOR=1`` (see urls.py); never in a normal deployment.
    """
    return HttpResponse("<!doctype html><html lang=\"zh-CN\"><title>floor</title><p>ok</p></html>")
