"""The mechanism of pages kept per person (zhicheng.common.kept_pages); the workbench's behaviour is
tested in zhicheng/profiles/tests/test_kept_workbench.py."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import models
from django.test.utils import isolate_apps

from zhicheng.cases.constants import CaseStatus
from zhicheng.cases.models import Case, CaseStep, Notification
from zhicheng.common import kept_pages
from zhicheng.common.bulk import bulk_insert
from zhicheng.common.kept_pages import (
    SCOPE_ALL,
    SCOPES_MAX,
    KeptQuerySet,
    kept_pages_forget,
    kept_pages_managers_errors,
    kept_pages_models,
    person_scope,
)
from zhicheng.orgs.models import Organisation


def _token(scope: str):
    return caches["identity"].get(kept_pages._gen_key(scope))


@isolate_apps("zhicheng.common")
def test_a_declaring_model_without_the_queryset_is_refused():
    class Plain(models.Model):  # noqa: DJ008
        owner_id = models.IntegerField()
        kept_pages_scopes = {"person": "owner_id"}

    class Kept(models.Model):  # noqa: DJ008
        owner_id = models.IntegerField()
        kept_pages_scopes = {"person": "owner_id"}
        objects = KeptQuerySet.as_manager()

    class Malformed(models.Model):  # noqa: DJ008
        kept_pages_scopes = {"unit": "x; drop"}
        objects = KeptQuerySet.as_manager()

    errors = kept_pages_managers_errors([Plain, Kept, Malformed])
    assert [(e.id, e.obj) for e in errors] == [("zhicheng.E010", Plain), ("zhicheng.E010", Malformed)]


def test_every_installed_declaration_passes_the_check():
    assert kept_pages_models()
    assert kept_pages_managers_errors(kept_pages_models()) == []


@pytest.mark.django_db
def test_forget_bumps_each_scope_and_many_become_all():
    kept_pages_forget([person_scope(1)])
    first = _token(person_scope(1))
    kept_pages_forget([person_scope(1), person_scope(2)])
    assert _token(person_scope(1)) not in (None, first)
    assert _token(person_scope(2)) is not None
    before_all = _token(SCOPE_ALL)
    kept_pages_forget([person_scope(n) for n in range(SCOPES_MAX + 1)])
    assert _token(SCOPE_ALL) not in (None, before_all)
    assert _token(person_scope(SCOPES_MAX)) is None  # one bump of all, not hundreds of keys


def test_forget_does_nothing_when_pages_are_not_kept(settings):
    settings.KEPT_PAGES = False
    kept_pages_forget([person_scope(7)])
    assert _token(person_scope(7)) is None


@pytest.mark.django_db
def test_raw_bulk_insert_bumps_the_rows_scopes(cast):
    a = cast["applicant_a"]
    case = Case.objects.create(applicant=a, business_type="other", status=CaseStatus.DRAFT)
    before = _token(person_scope(a.pk))
    bulk_insert(CaseStep, [CaseStep(case=case, order=0, organisation=Organisation.objects.first(), label="审核")])
    assert _token(person_scope(a.pk)) not in (None, before)  # through the step's case


@pytest.mark.django_db
def test_update_bumps_the_new_owner_too(cast):
    a, b = cast["applicant_a"], cast["applicant_b"]
    note = Notification.objects.create(user=a, title="转给别人", body="")
    before_b = _token(person_scope(b.pk))
    Notification.objects.filter(pk=note.pk).update(user=b)
    assert _token(person_scope(b.pk)) not in (None, before_b)


@pytest.mark.django_db
def test_an_update_that_matches_nothing_bumps_nothing(cast):
    before = _token(SCOPE_ALL)
    Notification.objects.filter(pk=-1).update(title="无")
    assert _token(SCOPE_ALL) == before
