"""The demo's 评审费 (issue 21, decision 0035): the 河源 committee's open plan charges 300.00 元 per
application, payable within 10 working days of 受理 to the city's HR bureau. 王建国's 评审申请 waits at that
committee's office (林涛, ``other_committee_office``): accepting it issues his payment notice, and 林涛 records
the payment or imports a bank file on 评审工作 → 评审费缴费管理. Loaded with the demo's cases only, so that the
tests' world (plans without cases) keeps every plan free of charge. Idempotent."""

from __future__ import annotations

from decimal import Decimal

from zhicheng.catalog.models import EvaluationPlan
from zhicheng.demo.loader import HEYUAN_ENG_COMMITTEE as FEE_COMMITTEE


def demo_fees_load() -> None:
    plans = EvaluationPlan.objects.filter(committee__organisation__name=FEE_COMMITTEE, status="published")
    for plan in plans:
        plan.fee_required = True
        plan.fee_amount = Decimal("300.00")
        plan.fee_payee_name = "河源市人力资源和社会保障局"
        plan.fee_payee_account = "4400 1700 0000 0000 0001"
        plan.fee_payee_bank = "中国建设银行河源市分行营业部"
        plan.fee_payment_working_days = 10
        plan.full_clean()
        plan.save()
