"""Certificates of the test world (``zhicheng.certificates.samples``, issued through the services). Idempotent.

* 王建国 (``applicant_c``): 助理工程师 (建筑工程) by recognition of 河源市人社局, issued 2019-12-20.
* 林振华 (no account): 工程师 (电力工程) from the external 广东省电力行业 committee, number
  allocated to 广东电网职称评审管理系统 and reported issued on 2024-12-18.
* 陈晓燕 (no account): a number allocated to the same external system, not yet reported.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from tests.world.cast import make_id_number, user
from zhicheng.certificates.samples import external_certificates_load, recognised_certificate_issue

EXTERNAL_HOLDERS = [
    ("林振华", make_id_number("440106", "19860412", "017"), dt.date(2024, 12, 18)),
    ("陈晓燕", make_id_number("440111", "19900823", "028"), None),
]


@transaction.atomic
def certificates_load() -> int:
    """Issue the test world's certificates that do not exist yet; return how many were created."""
    return recognised_certificate_issue(holder=user("applicant_c")) + external_certificates_load(EXTERNAL_HOLDERS)
