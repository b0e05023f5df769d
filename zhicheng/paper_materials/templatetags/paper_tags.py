from django import template

from ..services import can_record_paper, paper_record_of, paper_reviews_of

register = template.Library()


@register.inclusion_tag("paper_materials/includes/panel.html")
def paper_panel(case, user):
    """The paper materials and paper reviews of ``case`` as a card (case pages of the applicant and of the
    reviewers); a fixed number of queries (the rows, the business object, the reviews)."""
    return {"case": case, "rows": paper_record_of(case=case), "reviews": paper_reviews_of(case=case),
            "can_record": can_record_paper(user=user, case=case)}
