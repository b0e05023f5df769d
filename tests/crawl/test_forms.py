"""Every form the crawl reached (tests/crawl/forms.py), submitted once empty and once with hostile but
plausible input by the first member of the cast whose crawl reached it: no 5xx, nothing typed lost."""

from __future__ import annotations

import pytest

from .forms import submit, submittable
from .world import CAST

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def forms_by_key(crawls):
    """{cast key: [Form]}: each distinct form once, with the first member who reached it."""
    assigned, seen = {key: [] for key in CAST}, set()
    for key in CAST:
        for form_key, form in crawls[key].forms.items():
            if form_key not in seen and submittable(form):
                seen.add(form_key)
                assigned[key].append(form)
    return assigned


def test_the_crawl_reached_forms(forms_by_key):
    assert sum(len(forms) for forms in forms_by_key.values()) >= 40, "the crawl reached too few forms to mean anything"


@pytest.mark.parametrize("key", CAST)
def test_forms_of(key, forms_by_key, crawl_clients):
    faults = []
    for form in forms_by_key[key]:
        for hostile in (False, True):
            faults.extend(submit(crawl_clients[key], form, hostile=hostile).faults)
    assert not faults, f"{key}: {len(faults)} fault(s):\n" + "\n".join(faults)
