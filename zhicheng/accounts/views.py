from django.contrib import messages
from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .forms import LoginForm


def login_view(request):
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user(), backend="zhicheng.accounts.backends.IdentityBackend")
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "common:home"
        return redirect(target)
    return render(request, "accounts/login.html", {"form": form})


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, "您已安全退出。")
    return redirect("common:home")


def register(request):
    return render(request, "common/placeholder.html", {"title": "注册", "text": "用居民身份证号码注册账号。本功能即将开放。"})


def password_change(request):
    return render(request, "common/placeholder.html", {"title": "修改密码", "text": "本功能即将开放。"})
