"""The scale-data generator at a tiny scale: valid ID numbers, matching digests, counts, and
case histories consistent with each case's status."""

from collections import Counter

import pytest
from django.core.management import call_command

from bench.scale_data import scale_data_exists, scale_data_generate
from zhicheng.accounts.models import User, id_digest, phone_digest
from zhicheng.cases.models import Case, CaseHistory
from zhicheng.certificates.models import Certificate, CertificateCounter
from zhicheng.certificates.numbering import certificate_number_parse
from zhicheng.common.validators import validate_credit_code, validate_id_number
from zhicheng.orgs.models import Organisation
from zhicheng.profiles.models import Profile, ProfileVersion

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def generated():
    call_command("load_reference_data", verbosity=0)
    users_before = User.objects.count()
    result = scale_data_generate(scale=0.0001, workers=1, chunk=40)
    return result, users_before


def test_counts_and_identities(generated):
    result, users_before = generated
    plan = result.plan
    assert plan["persons"] == 100
    # persons plus the two benchmark reviewers
    assert User.objects.count() == users_before + plan["persons"] + 2
    persons = User.objects.filter(pk__gte=result.first_user_id)
    assert persons.count() == plan["persons"]
    for user in persons:
        assert validate_id_number(user.id_number) == user.id_number
        assert user.id_number_digest == id_digest(user.id_number)
        assert user.phone_digest == phone_digest(user.phone)
        assert user.birth_date.strftime("%Y%m%d") == user.id_number[6:14]
        assert not user.has_usable_password()
    assert len(set(persons.values_list("id_number_digest", flat=True))) == plan["persons"]
    assert Profile.objects.filter(user__in=persons).count() == plan["persons"]
    assert Case.objects.filter(applicant__in=persons).count() == 2 * plan["persons"]
    for org in Organisation.objects.filter(pk__in=[result.hot_unit_id, result.hot_supervising_unit_id]):
        validate_credit_code(org.credit_code)
    assert scale_data_exists()
    with pytest.raises(RuntimeError):
        scale_data_generate(scale=0.0001, workers=1)


def test_cases_have_consistent_history(generated):
    result, _ = generated
    cases = Case.objects.filter(pk__gte=result.first_case_id).prefetch_related("history", "steps")
    statuses = Counter()
    for case in cases:
        case.full_clean()
        rows = sorted(case.history.all(), key=lambda h: h.pk)
        statuses[case.status] += 1
        assert rows[0].decision == "save"
        for before, after in zip(rows, rows[1:], strict=False):
            assert after.from_status == before.to_status
            assert after.created_at >= before.created_at
        assert rows[-1].to_status == case.status
        if case.status == "submitted":
            assert rows[-1].step_order == case.current_step_order - (1 if rows[-1].decision == "approve" else 0)
            step = next(s for s in case.steps.all() if s.order == case.current_step_order)
            assert step.organisation_id == case.current_organisation_id
        if case.status != "draft":
            assert ProfileVersion.objects.filter(case=case).exists()
    assert statuses["finished"] >= 100 and statuses["submitted"] > 0
    hot = Case.objects.filter(current_organisation_id=result.hot_unit_id, status="submitted").count()
    assert hot >= result.plan["hot_queue"]
    # every profile points at its latest stored version, which belongs to it
    for profile in Profile.objects.filter(user_id__gte=result.first_user_id).select_related("stored_version"):
        assert profile.stored_version.profile_id == profile.pk and profile.stored_version.stored_at


def test_certificates_valid_and_counters_ahead(generated):
    result, _ = generated
    certs = Certificate.objects.filter(holder_id__gte=result.first_user_id)
    assert certs.count() == result.plan["certificates"]
    for cert in certs:
        parsed = certificate_number_parse(cert.number)
        assert (parsed.year, parsed.level, parsed.serial) == (cert.year, cert.level, cert.serial)
        assert cert.holder_id_digest == id_digest(cert.holder_id_number) == cert.holder.id_number_digest
        counter = CertificateCounter.objects.get(year=cert.year, issuer_id=cert.issuer_id, level=cert.level)
        assert counter.last_serial >= cert.serial
    assert CaseHistory.objects.filter(case_id__gte=result.first_case_id).count() > 0


class _Rollback(Exception):
    pass


def test_statistics_page_queries_do_not_grow_with_the_data():
    """The statistics page as the benchmark reads it (bench/djangoside.py ``stats_fixture``: the city HR
    bureau above the work-queue unit): its query count on a data set five times larger stays within 25 %
    of the smaller one (``report.TARGETS['stats_queries']``; the full run compares scale 1 with 0.01)."""
    from django.db import transaction

    from bench.djangoside import stats_fixture
    from bench.report import TARGETS

    call_command("load_reference_data", verbosity=0)
    seen = {}
    for scale in (0.0001, 0.0005):
        try:
            with transaction.atomic():
                result = scale_data_generate(scale=scale, workers=1, chunk=100)
                user = User.objects.get(pk=result.supervisor_reviewer_id)
                seen[scale] = stats_fixture(user=user, organisation_id=result.hot_supervising_unit_id)
                raise _Rollback
        except _Rollback:
            pass
    small, large = seen[0.0001], seen[0.0005]
    assert large["n_stats_cases"] > 3 * small["n_stats_cases"] > 0
    assert large["n_stats_queries"] <= small["n_stats_queries"] * TARGETS["stats_queries"]
