from django import template

from zhicheng.orgs.models import Membership
from zhicheng.orgs.selectors import bureaus_managed_by

register = template.Library()


@register.simple_tag
def managed_bureaus(user) -> list:
    """HR bureaus whose region's units ``user`` manages (home page)."""
    return list(bureaus_managed_by(user=user)) if user.is_authenticated else []


@register.simple_tag
def belongs_to_a_unit(user) -> bool:
    """Whether ``user`` holds a membership in force at any organisation (staff of a unit, whatever the role).
    The home page offers 单位注册 only to accounts that do not: staff already belong to a unit."""
    return bool(user.is_authenticated and Membership.objects.in_force().filter(user=user).exists())
