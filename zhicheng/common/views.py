import hmac

from django import forms
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_http_methods

from . import crypto
from .forms import StyledForm
from .models import OutboxMessage
from .net import client_ip
from .ratelimit import rate_limit_hit


class OutboxTokenForm(StyledForm):
    token = forms.CharField(
        label="消息箱口令", max_length=200, widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text="启动开发服务器时终端显示的口令。",
    )


def home(request):
    """Public home page, or the logged-in user's workbench."""
    return render(request, "common/home.html")


@cache_control(public=True, max_age=7 * 24 * 3600)
@require_http_methods(["GET", "HEAD"])
def favicon(request):
    """``/favicon.ico``, which browsers ask for on their own: the system's emblem (职 on gold,
    ``static/favicon.ico``; the pages also name it with ``<link rel="icon">``), served from here, never fetched
    from elsewhere. 404 only if the file is missing from the installation."""
    path = finders.find("favicon.ico")
    if not path:
        raise Http404
    return FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115 - FileResponse closes it


def about(request):
    return render(request, "common/about.html")


OUTBOX_SESSION_KEY = "dev_outbox_token_ok"


def dev_outbox_allowed(request) -> bool:
    """Who reads the development outbox (recovery codes are in it): a signed-in system
    administrator, or a session that entered ``DEV_OUTBOX_TOKEN`` (printed by ./manage.sh run).
    Never when ``DEV_OUTBOX_ENABLED`` is off (always off in production settings)."""
    user = request.user  # the project's user model (accounts): read by its property, common imports no app
    if user.is_authenticated and user.is_system_admin:
        return True
    return bool(settings.DEV_OUTBOX_TOKEN) and request.session.get(OUTBOX_SESSION_KEY) == _token_mark()


def _token_mark() -> str:
    # The session keeps a digest of the token it entered, so a new token (a new run) locks it out again.
    return crypto.lookup_hash("outbox:" + settings.DEV_OUTBOX_TOKEN)[:32]


@never_cache
@require_http_methods(["GET", "POST"])
def dev_outbox(request):
    """Development only: the SMS and e-mail that would have been sent (codes readable here), for
    the people ``dev_outbox_allowed`` lets in; everyone else gets the token form."""
    if not settings.DEV_OUTBOX_ENABLED:
        raise Http404
    form = OutboxTokenForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        limited = rate_limit_hit(scope="outbox:ip", subject=client_ip(request) or "-", limit=20, window=3600).over
        if limited:
            form.add_error("token", "尝试次数过多，请一小时后再试。")
        elif settings.DEV_OUTBOX_TOKEN and hmac.compare_digest(
            form.cleaned_data["token"].strip().encode(), settings.DEV_OUTBOX_TOKEN.encode()
        ):
            request.session[OUTBOX_SESSION_KEY] = _token_mark()
            return redirect("common:dev_outbox")
        else:
            form.add_error("token", "口令不正确。请使用启动开发服务器时终端显示的消息箱口令，或以系统管理员身份登录。")
    if not dev_outbox_allowed(request):
        return render(request, "common/dev_outbox.html", {"form": form, "allowed": False})
    return render(
        request, "common/dev_outbox.html", {"allowed": True, "messages_sent": OutboxMessage.objects.all()[:50]}
    )


def bench_floor(request):
    """Benchmark floor (bench/): the cheapest possible page through the full middleware stack.

    Routed only when ``ZHICHENG_BENCH_FLOOR=1`` (see urls.py); never in a normal deployment.
    """
    return HttpResponse("<!doctype html><html lang=\"zh-CN\"><title>floor</title><p>ok</p></html>")
