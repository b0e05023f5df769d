"""bulk_insert() stores exactly what bulk_create() would, encrypted fields included."""

import datetime as dt

import pytest

from zhicheng.catalog.models import Qualification
from zhicheng.certificates.models import Certificate, CertificateStatus
from zhicheng.common.bulk import _as_is, bulk_insert
from zhicheng.orgs.constants import OrgKind
from zhicheng.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def test_only_plain_columns_skip_preparation():
    fields = {f.name: f for f in Certificate._meta.concrete_fields}
    assert _as_is(fields["holder_name"]) and _as_is(fields["serial"]) and _as_is(fields["issuer"])
    assert not _as_is(fields["holder_id_number"])  # encrypted: through its own get_prep_value
    assert not _as_is(fields["issued_on"]) and not _as_is(fields["created_at"])


def test_rows_read_back_as_the_orm_writes_them(cast):
    issuer = Organisation.objects.filter(kind=OrgKind.HR_BUREAU).first()
    qualification = Qualification.objects.filter(level=3).first()
    rows = []
    for i in range(3):
        cert = Certificate(
            number=f"20990000003{i:06d}"[:17] + "0", year=2099, serial=i + 1, status=CertificateStatus.VALID,
            holder=None, holder_name=f"测试{i}", qualification=qualification, series_id=qualification.series_id,
            level=qualification.level, issuer=issuer, issued_on=dt.date(2099, 1, 2), source="测试",
        )
        cert.set_holder_id_number("44010619850101003X")
        rows.append(cert)
    bulk_insert(Certificate, rows)
    assert all(c.pk and not c._state.adding for c in rows)
    assert [c.pk for c in rows] == sorted(c.pk for c in rows)
    for cert in rows:
        stored = Certificate.objects.get(pk=cert.pk)
        assert stored.holder_id_number == "44010619850101003X"  # decrypted back: it was encrypted on the way in
        assert stored.holder_name == cert.holder_name and stored.serial == cert.serial
        assert stored.issued_on == dt.date(2099, 1, 2) and stored.created_at == cert.created_at
        assert stored.issuer_id == issuer.pk and stored.status == CertificateStatus.VALID
    raw = Certificate.objects.filter(pk=rows[0].pk).values_list("holder_id_number", flat=True).query
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(*raw.sql_with_params())
        assert "44010619850101003X" not in cur.fetchone()[0]  # never in clear in the table
