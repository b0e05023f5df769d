"""Demo businesses, made by ``zhicheng.businesses.samples`` through the real services.

* 王建国 (``applicant_c``, stored profile at 龙川县城乡建设投资有限公司): a 评审申请 for 工程师
  (工程·建筑工程, 中级) to 河源市工程技术人才中级职称评审委员会 (open plan), submitted and approved by
  his personnel unit and supervising unit: it waits at the committee office (林涛, ``other_committee_office``).
* 王建国 again: a 考核认定 for 工程师 (中级), approved by the same two: a county unit's 中级 is recognised by
  the city's HR bureau, so it waits in the queue of 河源市人力资源和社会保障局 (吴刚, ``hr_reviewer``).

Needs the profiles demo (``demo_profiles_load``) and the plans demo first. Idempotent: nothing is
done if he already has a 评审申请 (a 考核认定).
"""

from __future__ import annotations

from django.db import transaction

from zhicheng.businesses.samples import evaluation_sample_submit, recognition_sample_submit
from zhicheng.demo.loader import HEYUAN_ENG_COMMITTEE, user


@transaction.atomic
def demo_businesses_load() -> None:
    """王建国's 评审申请 to 河源市's committee and his 考核认定 (waiting at 吴刚's bureau), each approved by 罗海 and
    邓彬, unless he has one."""
    evaluation_sample_submit(applicant=user("applicant_c"), committee_name=HEYUAN_ENG_COMMITTEE,
                             unit_reviewer=user("unit_reviewer_2"), supervisor_reviewer=user("supervisor_reviewer_2"))
    recognition_sample_submit(applicant=user("applicant_c"), unit_reviewer=user("unit_reviewer_2"),
                              supervisor_reviewer=user("supervisor_reviewer_2"))
