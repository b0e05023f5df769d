"""Demo certificates (``zhicheng.certificates.samples``, issued through the services). Idempotent:
existing ones are left alone.

* 王建国 (``applicant_c``): 助理工程师 (建筑工程) by recognition of 河源市人社局, issued 2019-12-20.
* the external certificate holders of ``data/demo/people.json`` (no account): 工程师 (电力工程) from the
  external 广东省电力行业 committee, numbers allocated to 广东电网职称评审管理系统, reported issued on
  their date (林振华, 2024-12-18) or not yet reported (陈晓燕).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from zhicheng.certificates.samples import external_certificates_load, recognised_certificate_issue
from zhicheng.common.validators import make_id_number
from zhicheng.demo.loader import PEOPLE, user


@transaction.atomic
def demo_certificates_load() -> int:
    """Issue the demo certificates that do not exist yet; return how many were created."""
    holders = [
        (h["name"], make_id_number(h["region"], h["birth"], h["seq"]),
         dt.date.fromisoformat(h["issued_on"]) if h["issued_on"] else None)
        for h in PEOPLE["external_certificate_holders"]
    ]
    return recognised_certificate_issue(holder=user("applicant_c")) + external_certificates_load(holders)
