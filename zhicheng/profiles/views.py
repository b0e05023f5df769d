from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def dashboard(request):
    return render(
        request,
        "common/placeholder.html",
        {"title": "个人工作台", "text": "填写个人基本信息并选择人事管理单位。本功能即将开放。"},
    )
