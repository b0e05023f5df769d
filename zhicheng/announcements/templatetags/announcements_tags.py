from django import template

from zhicheng.common.markdown import markdown_plain, markdown_render

from ..selectors import announcements_latest, person_region_code

register = template.Library()


@register.filter
def markdown(text: str):
    """``{{ text|markdown }}``: the Markdown rendered and sanitised (zhicheng.common.markdown)."""
    return markdown_render(text)


@register.filter
def markdown_excerpt(text: str, limit: int = 120) -> str:
    return markdown_plain(text, limit=int(limit))


@register.simple_tag
def latest_announcements(user, profile=None, profile_loaded=False):
    """The newest notices of the person's region (see selectors.announcements_latest); the
    workbench passes its loaded ``profile`` and ``profile_loaded=True`` so no further row is read."""
    return announcements_latest(
        region_code=person_region_code(user=user, profile=profile, profile_loaded=bool(profile_loaded)))


@register.simple_tag
def publishes_announcements(user) -> bool:
    """Whether ``user`` publishes notices for an HR bureau (home page card)."""
    from ..selectors import publisher_bureau_ids

    return bool(publisher_bureau_ids(user=user))


@register.simple_tag
def announcements_of_plan(plan):
    """Published notices linked to an evaluation plan (the plan's page)."""
    from ..selectors import plan_announcements

    return plan_announcements(plan=plan)
