"""Faults the crawl of every role's pages found (tests/crawl, issue 14).

* The workbench and the business page listed an applicant's latest 30 business cases and nothing
  linked the older ones: those cases could not be opened from anywhere.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhicheng.businesses import services
from zhicheng.businesses.selectors import BUSINESS_ROWS_LIMIT
from zhicheng.catalog.constants import TitleLevel

from .conftest import title

pytestmark = pytest.mark.django_db


def test_every_business_case_is_reachable_past_the_latest_page(stored_c, client):
    cases = [services.recognition_save(actor=stored_c, **title(TitleLevel.ASSISTANT)).case
             for _ in range(BUSINESS_ROWS_LIMIT + 2)]
    oldest = reverse("businesses:case", args=[cases[0].pk])
    client.force_login(stored_c)

    workbench = client.get(reverse("profiles:dashboard")).content.decode()
    assert oldest not in workbench
    assert f'id="business-cases-all" href="{reverse("businesses:index")}"' in workbench

    first = client.get(reverse("businesses:index")).content.decode()
    assert oldest not in first and 'href="?page=2"' in first
    second = client.get(reverse("businesses:index") + "?page=2").content.decode()
    assert oldest in second and reverse("businesses:case", args=[cases[1].pk]) in second
    assert "第 2 / 2 页" in second


def test_a_few_cases_need_no_pages(stored_c, client):
    case = services.recognition_save(actor=stored_c, **title(TitleLevel.ASSISTANT)).case
    client.force_login(stored_c)
    for url in (reverse("profiles:dashboard"), reverse("businesses:index")):
        page = client.get(url).content.decode()
        assert reverse("businesses:case", args=[case.pk]) in page
        assert "business-cases-all" not in page and "business-cases-pages" not in page
