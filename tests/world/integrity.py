"""An integrity record (诚信档案) of the test world, recorded by ``zhicheng.integrity.samples``. Idempotent.

* 周德明 (an account with no profile): 工程师 (建筑工程) by recognition of 河源市人社局, issued 2022-12-20,
  revoked by a finding of 河源市人社局 (吴刚, ``hr_reviewer``) recorded on 2025-06-10 — forged degree
  certificate; he may not apply until 2028-06-10.
"""

from __future__ import annotations

from django.db import transaction

from tests.world.cast import PASSWORD, make_id_number, user
from zhicheng.integrity.samples import finding_sample_record

SUBJECT_NAME = "周德明"
SUBJECT_ID_NUMBER = make_id_number("441602", "19850618", "046")
SUBJECT_PHONE = "13800000009"


@transaction.atomic
def integrity_load() -> int:
    """The finding (recorded by 吴刚, ``hr_reviewer``) and its revoked certificate, unless present;
    returns how many findings were created."""
    return finding_sample_record(name=SUBJECT_NAME, id_number=SUBJECT_ID_NUMBER, phone=SUBJECT_PHONE,
                                 password=PASSWORD, reviewer=user("hr_reviewer"))
