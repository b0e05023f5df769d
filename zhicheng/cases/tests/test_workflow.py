"""The transition table: every allowed and every forbidden move."""

from __future__ import annotations

import itertools

import pytest

from zhicheng.cases.constants import CaseStatus, Decision
from zhicheng.cases.workflow import (
    OpinionRequired,
    TransitionNotAllowed,
    transition_target,
)

S, D = CaseStatus, Decision

# (from, decision, step_order, step_count, is_final, opinion) -> target
ALLOWED = [
    (S.DRAFT, D.SAVE, None, 0, False, "", S.DRAFT),
    (S.RETURNED, D.SAVE, None, 0, False, "", S.RETURNED),
    (S.DRAFT, D.SUBMIT, None, 0, False, "", S.SUBMITTED),
    (S.RETURNED, D.SUBMIT, None, 0, False, "", S.SUBMITTED),
    (S.SUBMITTED, D.WITHDRAW, 0, 2, False, "", S.DRAFT),
    (S.SUBMITTED, D.APPROVE, 0, 2, False, "", S.SUBMITTED),
    (S.SUBMITTED, D.APPROVE, 1, 2, False, "", S.FINISHED),
    (S.SUBMITTED, D.APPROVE, 1, 3, False, "同意", S.SUBMITTED),
    (S.SUBMITTED, D.RETURN, 0, 2, False, "学历证书不清晰", S.RETURNED),
    (S.SUBMITTED, D.RETURN, 2, 3, True, "材料不全", S.RETURNED),
    (S.SUBMITTED, D.ACCEPT, 2, 3, True, "", S.ACCEPTED),
    (S.SUBMITTED, D.REFUSE, 2, 3, True, "不符合申报条件", S.REFUSED),
]


@pytest.mark.parametrize("status,decision,order,count,final,opinion,target", ALLOWED)
def test_allowed(status, decision, order, count, final, opinion, target):
    assert (
        transition_target(
            status=status, decision=decision, step_order=order, step_count=count, step_is_final=final, opinion=opinion
        )
        == target
    )


ALLOWED_PAIRS = {
    (S.DRAFT, D.SAVE), (S.RETURNED, D.SAVE), (S.DRAFT, D.SUBMIT), (S.RETURNED, D.SUBMIT),
    (S.SUBMITTED, D.WITHDRAW), (S.SUBMITTED, D.APPROVE), (S.SUBMITTED, D.RETURN),
    (S.SUBMITTED, D.ACCEPT), (S.SUBMITTED, D.REFUSE), (S.SUBMITTED, D.GRANT), (S.SUBMITTED, D.DENY),
    (S.RETURNED, D.LAPSE),
}
FORBIDDEN_PAIRS = sorted(set(itertools.product(S.values, D.values)) - ALLOWED_PAIRS)


def test_allowed_pairs_cover_the_table():
    from zhicheng.cases.workflow import TRANSITIONS

    assert {(s, d) for d, m in TRANSITIONS.items() for s in m} == ALLOWED_PAIRS
    assert len(FORBIDDEN_PAIRS) == len(S.values) * len(D.values) - len(ALLOWED_PAIRS)


@pytest.mark.parametrize("status,decision", FORBIDDEN_PAIRS)
def test_forbidden_by_status(status, decision):
    with pytest.raises(TransitionNotAllowed):
        transition_target(
            status=status, decision=decision, step_order=0, step_count=2, step_is_final=False, opinion="x"
        )
    with pytest.raises(TransitionNotAllowed):
        transition_target(status=status, decision=decision, step_order=1, step_count=2, step_is_final=True, opinion="x")


@pytest.mark.parametrize(
    "decision,order,final,opinion,error",
    [
        (D.WITHDRAW, 1, False, "", TransitionNotAllowed),  # the first step has acted
        (D.APPROVE, 2, True, "", TransitionNotAllowed),  # a 受理 step must accept or refuse
        (D.ACCEPT, 0, False, "", TransitionNotAllowed),  # accept only at a final step
        (D.REFUSE, 1, False, "理由", TransitionNotAllowed),
        (D.RETURN, 0, False, "", OpinionRequired),  # return needs a reason
        (D.RETURN, 0, False, "   ", OpinionRequired),
        (D.REFUSE, 2, True, "", OpinionRequired),
    ],
)
def test_forbidden_by_guard(decision, order, final, opinion, error):
    with pytest.raises(error):
        transition_target(
            status=S.SUBMITTED, decision=decision, step_order=order, step_count=3, step_is_final=final, opinion=opinion
        )


# -- a deciding final step (an HR bureau: 受理, then 认定通过 / 不予认定), issue 17 ------------------------
def _decide(decision, *, taken_in, opinion="", final=True, decides=True):
    return transition_target(status=S.SUBMITTED, decision=decision, step_order=2, step_count=3, step_is_final=final,
                             step_decides=decides, taken_in=taken_in, opinion=opinion)


@pytest.mark.parametrize(
    "decision,taken_in,opinion,target",
    [
        (D.ACCEPT, False, "", S.SUBMITTED),  # 受理 takes the case in: it stays at the bureau, nothing is decided
        (D.REFUSE, False, "不属于本部门受理范围", S.REFUSED),
        (D.RETURN, False, "材料不全", S.RETURNED),
        (D.GRANT, True, "", S.GRANTED),  # 认定通过, only after 受理
        (D.DENY, True, "任职年限不足", S.DENIED),
        (D.RETURN, True, "学历证书不清晰", S.RETURNED),
    ],
)
def test_deciding_step_allowed(decision, taken_in, opinion, target):
    assert _decide(decision, taken_in=taken_in, opinion=opinion) == target


@pytest.mark.parametrize(
    "decision,taken_in,opinion,final,decides,error",
    [
        (D.GRANT, False, "", True, True, TransitionNotAllowed),  # 受理 first: one word never issues
        (D.DENY, False, "理由", True, True, TransitionNotAllowed),
        (D.ACCEPT, True, "", True, True, TransitionNotAllowed),  # already taken in
        (D.REFUSE, True, "理由", True, True, TransitionNotAllowed),  # after 受理 the refusal is 不予认定
        (D.GRANT, True, "", True, False, TransitionNotAllowed),  # a committee office's 受理 is its decision
        (D.GRANT, True, "", False, True, TransitionNotAllowed),  # not at an ordinary step
        (D.DENY, True, "", True, True, OpinionRequired),
        (D.DENY, True, "  ", True, True, OpinionRequired),
    ],
)
def test_deciding_step_forbidden(decision, taken_in, opinion, final, decides, error):
    with pytest.raises(error):
        _decide(decision, taken_in=taken_in, opinion=opinion, final=final, decides=decides)


def test_accept_at_a_committee_office_still_closes():
    assert _decide(D.ACCEPT, taken_in=False, decides=False) == S.ACCEPTED


# -- 逾期未补正 (issue 17): the daily job closes a returned case once its correction deadline has passed ---------
def test_lapse_closes_a_returned_case_past_its_correction_deadline():
    assert transition_target(status=S.RETURNED, decision=D.LAPSE, correction_overdue=True) == S.LAPSED
    assert S.LAPSED in __import__("zhicheng.cases.constants", fromlist=["x"]).CLOSED_STATUSES


@pytest.mark.parametrize("status", [s for s in S.values if s != S.RETURNED])
def test_lapse_only_from_returned(status):
    with pytest.raises(TransitionNotAllowed):
        transition_target(status=status, decision=D.LAPSE, correction_overdue=True)


def test_lapse_not_before_the_deadline_has_passed():
    with pytest.raises(TransitionNotAllowed, match="补正期限未过"):
        transition_target(status=S.RETURNED, decision=D.LAPSE, correction_overdue=False)


def test_a_returned_case_past_its_deadline_cannot_be_resubmitted_but_can_before():
    assert transition_target(status=S.RETURNED, decision=D.SUBMIT, correction_overdue=False) == S.SUBMITTED
    with pytest.raises(TransitionNotAllowed, match="补正期限已过"):
        transition_target(status=S.RETURNED, decision=D.SUBMIT, correction_overdue=True)
    # The applicant may still keep a draft (save): only resubmission is closed.
    assert transition_target(status=S.RETURNED, decision=D.SAVE, correction_overdue=True) == S.RETURNED
