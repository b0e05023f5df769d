from django import template

from zhicheng.audit.constants import action_label as _action_label

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    return _action_label(code)


@register.filter
def result_badge(result: str) -> str:
    return {"success": "text-bg-success", "failure": "text-bg-danger", "denied": "text-bg-warning"}.get(
        result, "text-bg-secondary"
    )
