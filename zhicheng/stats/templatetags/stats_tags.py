from django import template

register = template.Library()


@register.filter
def reads_stats_only(user) -> bool:
    """Holds a 统计查询人员 role (no case role, so no workbench card links the statistics):
    read from the memberships the request already loaded (no query)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return any(role == "stats_reader" for role, _ in user.active_role_keys)
