from django import template

from zhicheng.accounts.selectors import invitations_pending_for

register = template.Library()


@register.simple_tag
def pending_invitations(user) -> list:
    """The role invitations waiting for ``user`` (home page)."""
    return list(invitations_pending_for(user=user)) if user.is_authenticated else []
