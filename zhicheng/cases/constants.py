"""The one status list and the one list of decisions of the case engine.

Every business (个人基本信息, 评审, 考核认定, 单位变更, 补换发, 省外确认) is a :class:`~zhicheng.cases.models.Case`
whose status is one of :class:`CaseStatus`; every move between statuses is one of :class:`Decision`
and is allowed or refused by the single transition table in :mod:`zhicheng.cases.workflow`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("审核中")  # waiting at the current step (Case.current_organisation)
    RETURNED = "returned", _("已退回")  # back with the applicant, who corrects and resubmits
    FINISHED = "finished", _("已办结")  # approved at the last step (a route without a 受理 step)
    ACCEPTED = "accepted", _("已受理")  # taken in by the final step (committee office / HR bureau)
    REFUSED = "refused", _("不予受理")  # refused by the final step
    # The final decision of an HR bureau after it has taken the case in (受理): each business names them
    # (认定通过 / 不予认定, 同意补发 / 不予补发, 确认 / 不予确认: ``BusinessType.grant_label``/``deny_label``).
    GRANTED = "granted", _("决定通过")
    DENIED = "denied", _("决定不通过")
    # A returned case not resubmitted by its correction deadline, closed by the daily job (issue 17).
    LAPSED = "lapsed", _("逾期未补正")


#: Statuses in which a case is still open (it may still move).
OPEN_STATUSES = (CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.RETURNED)
#: Statuses in which the applicant may edit the business object.
EDITABLE_STATUSES = (CaseStatus.DRAFT, CaseStatus.RETURNED)
#: Terminal statuses: no current step, no further moves.
CLOSED_STATUSES = (
    CaseStatus.FINISHED, CaseStatus.ACCEPTED, CaseStatus.REFUSED, CaseStatus.GRANTED, CaseStatus.DENIED,
    CaseStatus.LAPSED,
)


class Decision(models.TextChoices):
    SAVE = "save", _("保存")
    SUBMIT = "submit", _("提交")
    WITHDRAW = "withdraw", _("撤回")
    APPROVE = "approve", _("审核通过")
    RETURN = "return", _("审核不通过（退回）")
    ACCEPT = "accept", _("受理")
    REFUSE = "refuse", _("不予受理")
    GRANT = "grant", _("决定通过")  # the business's own word: 认定通过 / 同意补发 / 确认
    DENY = "deny", _("决定不通过")  # 不予认定 / 不予补发 / 不予确认
    LAPSE = "lapse", _("逾期未补正")  # the daily job closes a returned case past its correction deadline


#: Decisions taken by the applicant; the system's own (no person: the daily job); the others are taken by
#: staff at the current step.
APPLICANT_DECISIONS = (Decision.SAVE, Decision.SUBMIT, Decision.WITHDRAW)
SYSTEM_DECISIONS = (Decision.LAPSE,)
REVIEWER_DECISIONS = (
    Decision.APPROVE, Decision.RETURN, Decision.ACCEPT, Decision.REFUSE, Decision.GRANT, Decision.DENY,
)


#: The correction period offered to a reviewer returning a case whose business has no plan to take it
#: from (a plan's ``correction_working_days`` comes first); the reviewer may change it (1–60).
DEFAULT_CORRECTION_WORKING_DAYS = 10
MAX_CORRECTION_WORKING_DAYS = 60


class StepLabel(models.TextChoices):
    """Usual labels of a route step (a business may use others)."""

    PERSONNEL_UNIT = "人事管理单位", _("人事管理单位")
    SUPERVISING_UNIT = "主管单位", _("主管单位")
    COMMITTEE_OFFICE = "评委会办公室", _("评委会办公室")
    HR_BUREAU = "人社部门", _("人社部门")
    RELEASING_UNIT = "原人事管理单位", _("原人事管理单位")
    RECEIVING_UNIT = "新人事管理单位", _("新人事管理单位")
