"""Who may download which paper form (one rule per document; anything else is a 404).

* 评审表 / 考核认定表: the case's applicant, and staff of an organisation on the case's route that
  the case has reached (:func:`zhicheng.cases.selectors.cases_visible_to`).
* 一览表: staff with the 评委会办公室 role at the plan's committee.
"""

from __future__ import annotations

from django.db.models import QuerySet

from zhicheng.cases.models import Case
from zhicheng.cases.selectors import cases_visible_to
from zhicheng.catalog.models import EvaluationPlan
from zhicheng.catalog.selectors import committees_managed_by
from zhicheng.orgs.models import Membership, Organisation

#: business type → the document it prints
FORM_OF_BUSINESS = {"evaluation": "evaluation_form", "recognition": "recognition_form"}


def form_case_visible_to(*, user, pk: int, business_type: str) -> Case | None:
    """A case of ``business_type`` that ``user`` may print, once it has been submitted."""
    return (
        cases_visible_to(user=user)
        .filter(pk=pk, business_type=business_type, submitted_at__isnull=False)
        .select_related("applicant", "current_organisation")
        .first()
    )


def viewing_organisation(*, user, case: Case) -> Organisation | None:
    """The organisation through which a staff member sees the case (None for the applicant)."""
    if case.applicant_id == user.pk:
        return None
    org_ids = set(Membership.objects.in_force().filter(user=user).values_list("organisation_id", flat=True))
    if case.current_organisation_id in org_ids:
        return case.current_organisation
    row = case.history.filter(organisation_id__in=org_ids).select_related("organisation").first()
    return row.organisation if row else None


def plans_visible_to(*, user) -> QuerySet[EvaluationPlan]:
    """Evaluation plans whose 一览表 the user may download (their committee office's plans)."""
    if not user.is_authenticated or not user.is_active:
        return EvaluationPlan.objects.none()
    return (
        EvaluationPlan.objects.filter(committee__in=committees_managed_by(user=user).values("pk"))
        .select_related("committee__organisation")
        .order_by("-year", "committee__organisation__name", "id")
    )
