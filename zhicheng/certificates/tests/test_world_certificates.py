import pytest

from tests.world.certificates import certificates_load
from zhicheng.certificates.models import Certificate, CertificateStatus

pytestmark = pytest.mark.django_db


def test_world_certificates_load_is_idempotent(cast):
    # 3 the first time (0 if the world's set-up already issued them).
    assert certificates_load() in (0, 3)
    assert certificates_load() == 0
    assert Certificate.objects.filter(source="广东电网职称评审管理系统").count() == 2
    wang = Certificate.objects.get(holder=cast["applicant_c"])
    assert wang.number.startswith("20194416004") and wang.status == CertificateStatus.VALID
    assert wang.qualification.name == "助理工程师" and wang.recognising_bureau.name == "河源市人力资源和社会保障局"
    external = Certificate.objects.filter(source="广东电网职称评审管理系统")
    assert sorted(external.values_list("status", flat=True)) == ["allocated", "valid"]
    assert all(c.holder is None and c.number[4:10] == "440000" for c in external)
