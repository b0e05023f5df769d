"""Demo integrity record (诚信档案), recorded by ``zhicheng.integrity.samples``. Idempotent.

* 周德明 (``integrity_subject`` of ``data/demo/people.json``, an account with no profile): 工程师 (建筑工程)
  by recognition of 河源市人社局, issued 2022-12-20, revoked by a finding 河源市人社局 (吴刚, ``hr_reviewer``)
  recorded on 2025-06-10 — forged degree certificate; he may not apply until 2028-06-10. Verification of
  his certificate shows 已撤销 with the reason; logged in (phone 13800000009) he sees his record and may object.
"""

from __future__ import annotations

from django.db import transaction

from zhicheng.common.validators import make_id_number
from zhicheng.demo.loader import DEMO_PASSWORD, PEOPLE, user
from zhicheng.integrity.samples import finding_sample_record

SUBJECT = PEOPLE["integrity_subject"]
SUBJECT_NAME = SUBJECT["name"]


@transaction.atomic
def demo_integrity_load() -> int:
    """The demo finding and its revoked certificate, unless present; returns how many findings were created."""
    return finding_sample_record(
        name=SUBJECT_NAME, id_number=make_id_number(SUBJECT["region"], SUBJECT["birth"], SUBJECT["seq"]),
        phone=SUBJECT["phone"], password=DEMO_PASSWORD, reviewer=user("hr_reviewer"),
    )
