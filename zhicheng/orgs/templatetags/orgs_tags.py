from django import template

from zhicheng.orgs.selectors import bureaus_managed_by

register = template.Library()


@register.simple_tag
def managed_bureaus(user) -> list:
    """HR bureaus whose region's units ``user`` manages (home page)."""
    return list(bureaus_managed_by(user=user)) if user.is_authenticated else []

