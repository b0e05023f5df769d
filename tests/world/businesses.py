"""A 评审申请 of the test world, made by ``zhicheng.businesses.samples``.

* 王建国 (``applicant_c``, stored profile at 龙川县城乡建设投资有限公司): a 评审申请 for 工程师
  (工程·建筑工程, 中级) to 河源市工程技术人才中级职称评审委员会 (open plan), submitted and approved by
  his personnel unit and supervising unit: it waits at the committee office (林涛, ``other_committee_office``).

Needs ``profiles_load`` first. Idempotent: nothing is done if he already has a 评审申请.
"""

from __future__ import annotations

from django.db import transaction

from tests.world.cast import HEYUAN_ENG_COMMITTEE, user
from zhicheng.businesses.samples import evaluation_sample_submit


@transaction.atomic
def businesses_load() -> None:
    """王建国's 评审申请 to 河源市's committee, approved by 罗海 and 邓彬, unless he has one."""
    evaluation_sample_submit(applicant=user("applicant_c"), committee_name=HEYUAN_ENG_COMMITTEE,
                             unit_reviewer=user("unit_reviewer_2"), supervisor_reviewer=user("supervisor_reviewer_2"))
