from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhicheng.committees.rules import Vote, case_passes, meeting_is_valid, tally

TWO_THIRDS = Fraction(2, 3)


def test_nine_member_panel_edges():
    assert meeting_is_valid(9, 6)
    assert not meeting_is_valid(9, 5)
    assert case_passes(6, 4)
    assert not case_passes(6, 3)


def test_other_sizes():
    assert meeting_is_valid(7, 5)  # 5/7 > 2/3
    assert not meeting_is_valid(7, 4)
    assert case_passes(5, 4)  # 4/5
    assert not case_passes(5, 3)  # 3/5 < 2/3
    assert case_passes(3, 2)
    assert not case_passes(3, 1)


def test_impossible_numbers_are_not_valid():
    assert not meeting_is_valid(0, 0)
    assert not meeting_is_valid(9, 10)
    assert not case_passes(0, 0)
    assert not case_passes(5, 6)


def test_tally_counts_and_result():
    votes = [Vote.AGREE] * 4 + [Vote.DISAGREE] + [Vote.ABSTAIN]
    t = tally(votes, panel_size=9)
    assert (t.agree, t.disagree, t.abstain, t.present) == (4, 1, 1, 6)
    assert t.meeting_valid and t.passed and t.result_label == "通过"
    t = tally([Vote.AGREE] * 3 + [Vote.DISAGREE] * 3, panel_size=9)
    assert t.meeting_valid and not t.passed and t.result_label == "未通过"
    t = tally([Vote.AGREE] * 5, panel_size=9)
    assert not t.meeting_valid and not t.passed
    assert t.result_label.startswith("会议无效")


def test_tally_abstentions_count_against_passing():
    # 6 present, 3 agree, 3 abstain: agree is not two thirds of those present.
    assert not tally(["agree"] * 3 + ["abstain"] * 3, panel_size=9).passed


def test_tally_rejects_bad_input():
    with pytest.raises(ValueError, match="未知的表决意见"):
        tally(["yes"])
    with pytest.raises(ValueError):
        tally(["agree"] * 4, panel_size=3)


@given(panel=st.integers(1, 60), data=st.data())
def test_meeting_rule_matches_fractions(panel, data):
    present = data.draw(st.integers(0, panel))
    assert meeting_is_valid(panel, present) == (Fraction(present, panel) >= TWO_THIRDS)


@given(present=st.integers(1, 60), data=st.data())
def test_passing_rule_matches_fractions(present, data):
    agree = data.draw(st.integers(0, present))
    assert case_passes(present, agree) == (Fraction(agree, present) >= TWO_THIRDS)


@given(st.lists(st.sampled_from(list(Vote)), max_size=40), st.integers(0, 20))
def test_tally_is_consistent(votes, extra):
    t = tally(votes, panel_size=len(votes) + extra)
    assert t.present == len(votes)
    assert t.agree == votes.count(Vote.AGREE)
    expected = (
        bool(votes)
        and Fraction(len(votes), len(votes) + extra) >= TWO_THIRDS
        and Fraction(t.agree, len(votes)) >= TWO_THIRDS
    )
    assert t.passed == expected
