"""Chinese names for django-axes in the admin (it ships no zh-hans translation): the section, its
models, their fields and the admin's own columns, so that the system administrator's admin shows
no English section (issue 19). Imported by ``accounts/admin.py``, after axes registered its admin."""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin

APP_NAME = "登录防护（登录失败记录）"
MODELS = {
    "accessattempt": ("登录失败记录", "登录失败记录"),
    "accesslog": ("登录记录", "登录记录"),
    "accessfailurelog": ("登录失败明细", "登录失败明细"),
    "accessattemptexpiration": ("登录失败记录有效期", "登录失败记录有效期"),
}
FIELDS = {
    "user_agent": "浏览器标识", "ip_address": "IP地址", "username": "账号标识（摘要）", "http_accept": "HTTP Accept 头",
    "path_info": "访问路径", "attempt_time": "时间", "locked_out": "已锁定", "get_data": "GET 参数",
    "post_data": "POST 参数", "failures_since_start": "失败次数", "access_attempt": "登录失败记录",
    "expires_at": "失效时间", "logout_time": "退出时间", "session_hash": "会话摘要（SHA-256）",
}
FIELDSET_NAMES = {"Form Data": "提交内容", "Meta Data": "访问信息"}


def axes_labels_apply() -> None:
    """Rename axes' app, models and fields in Chinese; rename its admin's fieldsets and columns."""
    if not apps.is_installed("axes"):
        return
    config = apps.get_app_config("axes")
    config.verbose_name = APP_NAME
    for model in config.get_models():
        names = MODELS.get(model._meta.model_name)
        if names:
            model._meta.verbose_name, model._meta.verbose_name_plural = names
        for field in model._meta.get_fields():
            if getattr(field, "name", None) in FIELDS and hasattr(field, "verbose_name"):
                field.verbose_name = FIELDS[field.name]
        model_admin = admin.site._registry.get(model)
        if model_admin is None:
            continue
        if model_admin.fieldsets:
            model_admin.fieldsets = tuple(
                (FIELDSET_NAMES.get(str(name), name) if name else name, options)
                for name, options in model_admin.fieldsets
            )
        cls = type(model_admin)
        for attr, label in (("expiration", "失效时间"), ("status", "状态")):
            method = getattr(cls, attr, None)
            if callable(method):
                method.short_description = label
        action = getattr(cls, "cleanup_expired_attempts", None)
        if action is not None:
            action.short_description = "清理已过期的登录失败记录"
