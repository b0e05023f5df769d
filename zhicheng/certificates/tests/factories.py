"""Certificates for tests, issued through ``certificates.services.certificate_issue``.

    CertificateFactory()                         # 工程师 (建筑工程) recognised by 河源市人社局, held by a new person
    CertificateFactory(holder=u, issued_on=dt.date(2024, 6, 1))
"""

from __future__ import annotations

import datetime as dt

import factory

from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.certificates.models import Certificate


def _qualification():
    from zhicheng.catalog.models import Qualification

    return Qualification.objects.get(series__code="engineering", name="工程师")


def _specialty():
    from zhicheng.catalog.models import Specialty

    return Specialty.objects.get(series__code="engineering", name="建筑工程")


def _heyuan_bureau():
    from zhicheng.orgs.constants import OrgKind
    from zhicheng.orgs.models import Organisation

    return Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id="441600")


class CertificateFactory(factory.Factory):
    """A valid certificate of recognition (考核认定): ``issuer`` recognises and issues."""

    class Meta:
        model = Certificate

    holder = factory.SubFactory(UserFactory)
    qualification = factory.LazyFunction(_qualification)
    specialty = factory.LazyFunction(_specialty)
    issuer = factory.LazyFunction(_heyuan_bureau)
    issued_on = dt.date(2024, 6, 1)

    @classmethod
    def _create(cls, model_class, *, holder, qualification, specialty, issuer, issued_on) -> Certificate:
        from zhicheng.certificates.services import certificate_issue

        return certificate_issue(holder=holder, qualification=qualification, specialty=specialty, committee=None,
                                 recognising_bureau=issuer, issuer=issuer, issued_on=issued_on, actor=None)
