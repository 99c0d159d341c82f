"""Cohort analytics: plain data in, DataFrames out; numbers rounded half up like scores."""

import pytest

from cohorts import analysis


def test_medians_are_exact_and_rounded_half_up():
    assert analysis.exact_median([72.5, 70.0]) == 71.3  # 71.25, not Python's banker's 71.2
    assert analysis.exact_median([1.0, None, 3.0, 2.0]) == 2.0
    assert analysis.exact_median([]) is None


def test_change_since_the_previous_round_is_exact():
    assert analysis.exact_difference(66.7, 33.35) == 33.4
    assert analysis.exact_difference(None, 50.0) is None


@pytest.mark.parametrize(("value", "expected"), [("", None), ("0", 0), ("6", 6)])
def test_round_filter_values(value, expected):
    assert analysis.parse_round(value) == expected


@pytest.mark.parametrize("value", ["7", "x", "-6", "6.0"])
def test_unknown_rounds_are_refused(value):
    with pytest.raises(ValueError):
        analysis.parse_round(value)


def test_the_rounds_summary_follows_the_councils_and_shows_only_rounds_with_a_score():
    class Council:
        def __init__(self, pk, name):
            self.pk, self.name = pk, name

    def submitted(authority_id, round_, overall):
        return {"authority_id": authority_id, "round": round_, "scores": {"overall": overall}}

    councils = [Council(2, "Luton"), Council(1, "Bracknell Forest"), Council(3, "Peterborough")]
    assessments = [
        submitted(1, 0, 40.0),
        submitted(2, 0, 45.1),
        submitted(2, 6, 60.0),
        submitted(3, 12, None),  # every domain not applicable: no overall, no 12-month column
        submitted(9, 18, 80.0),  # not a council of the cohort
    ]

    summary = analysis.rounds_summary(assessments, councils)

    assert summary["rounds"] == ["Baseline", "6 months"]
    assert summary["rows"] == [
        ("Luton", [45.1, 60.0]),
        ("Bracknell Forest", [40.0, None]),
        ("Peterborough", [None, None]),
    ]
    assert summary["medians"] == [42.6, 60.0]  # 42.55 exactly, rounded half up
