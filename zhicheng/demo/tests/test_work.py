"""Every demo login of a reviewing role has something to do once the demo's cases are loaded: 吴刚 (河源市人社局)
and 马琳 (省建筑工程评委会办公室) find a case in their queue, 高建华 an upcoming meeting whose panel he sits on."""

import pytest
from django.urls import reverse

from zhicheng.cases.selectors import memberships_with_waiting_counts
from zhicheng.committees.models import Meeting
from zhicheng.demo.loader import demo_load, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(cast):
    demo_load(with_cases=True)
    return cast


@pytest.mark.parametrize("key", ["hr_reviewer", "committee_office"])
def test_reviewers_have_a_case_in_their_queue(loaded, client, key):
    reviewer = loaded[key]
    memberships = memberships_with_waiting_counts(user=reviewer)
    membership = next(m for m in memberships if m.organisation.name == person(key).org)
    assert membership.waiting > 0
    client.force_login(reviewer)
    page = client.get(reverse("cases:queue", args=[membership.organisation_id]))
    assert page.status_code == 200 and "王建国" in page.content.decode()


def test_expert_sits_on_an_upcoming_meeting(loaded, client):
    from django.utils import timezone

    expert = loaded["expert_1"]
    assert expert.real_name == "高建华"
    upcoming = Meeting.objects.filter(panel__expert__user=expert, held_on__gt=timezone.localdate())
    assert upcoming.exists()
    client.force_login(expert)
    page = client.get(reverse("evaluation:expert_meetings")).content.decode()
    assert "没有需要参加的评审会议" not in page and upcoming.first().name in page
