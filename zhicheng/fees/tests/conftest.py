"""The committees tests' accepted 评审申请 and expert pool, and the building plan charging a 评审费."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhicheng.committees.tests.conftest import (  # noqa: F401
    accepted_application,
    building_plan,
    office,
    pool,
)

ISSUED = dt.date(2026, 11, 2)  # a Monday; 10 working days later: 2026-11-16


def fee_on(plan=None, **changes):
    from zhicheng.catalog.models import EvaluationPlan

    plan = plan or building_plan()
    values = dict(fee_required=True, fee_amount=Decimal("500.00"), fee_payee_name="广东省人力资源和社会保障厅",
                  fee_payee_account="4400 0000 0000 0000 0001", fee_payee_bank="中国工商银行广州分行",
                  fee_payment_working_days=10)
    values.update(changes)
    EvaluationPlan.objects.filter(pk=plan.pk).update(**values)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def fee_plan(cast):
    return fee_on()


@pytest.fixture
def notice(cast, pool, fee_plan, office):  # noqa: F811 (pool, office: the committees tests' fixtures)
    from zhicheng.fees.services import fee_notice_issue

    app = accepted_application(cast["applicant_a"], unit_name="龙川县人民医院")
    app.case.refresh_from_db()
    return fee_notice_issue(case=app.case, actor=office, on_date=ISSUED)
