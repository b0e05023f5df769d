"""Error pages in Chinese with the request id and no internals; JSON under /api/."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render

_MESSAGES = {
    400: ("bad_request", "请求无法处理", "提交的内容不完整或格式不正确，请返回上一页检查后重试。"),
    413: (
        "too_large",
        "提交的内容过大",
        "提交的内容超过了系统允许的大小。附件请逐个上传，每个不超过 {mb} MB；文字内容请精简后重试。",
    ),
    403: ("forbidden", "无权访问", "您没有执行此操作的权限。如需帮助，请联系所在单位管理员。"),
    404: ("not_found", "页面不存在", "您访问的页面不存在，或您无权查看。"),
    500: (
        "server_error",
        "系统繁忙",
        "系统暂时无法完成您的请求，请稍后再试。如持续出现，请联系技术支持并提供请求编号。",
    ),
}


def _respond(request, status: int):
    code, title, message = _MESSAGES[status]
    if status == 413:
        from django.conf import settings

        message = message.format(mb=settings.UPLOAD_MAX_BYTES // (1024 * 1024))
    request_id = getattr(request, "request_id", "")
    if request.path.startswith("/api/"):
        return JsonResponse({"code": code, "message": message, "request_id": request_id}, status=status)
    context = {"status": status, "title": title, "message": message, "request_id": request_id}
    if status == 500:
        # No template context processors that might touch the database.
        from django.template import loader

        html = loader.get_template("error.html").render(context)
        from django.http import HttpResponseServerError

        return HttpResponseServerError(html)
    return render(request, "error.html", context, status=status)


def bad_request(request, exception=None):
    """400; a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django's ``RequestDataTooBig``) is a 413 that says so.
    Too many fields or files (``TooManyFieldsSent``/``TooManyFilesSent``) stay a 400."""
    from django.core.exceptions import RequestDataTooBig

    return _respond(request, 413 if isinstance(exception, RequestDataTooBig) else 400)


def permission_denied(request, exception=None):
    return _respond(request, 403)


def page_not_found(request, exception=None):
    return _respond(request, 404)


def server_error(request):
    return _respond(request, 500)
