from django import template

from ..services import can_record_paper, paper_record_of

register = template.Library()


@register.inclusion_tag("paper_materials/includes/panel.html")
def paper_panel(case, user):
    """The paper materials of ``case`` as a card (case pages of the applicant and of the reviewers)."""
    return {"case": case, "rows": paper_record_of(case=case), "can_record": can_record_paper(user=user, case=case)}
