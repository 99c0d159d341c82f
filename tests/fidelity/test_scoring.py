"""Scoring, as DESIGN.md section 3 states it: hand-computed cases and properties."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.numbers import round_half_up
from fidelity.scoring import (
    NA,
    DomainSpec,
    FrameworkSpec,
    IndicatorSpec,
    answer_problems,
    result_as_dict,
    score,
)


def framework(*domains: DomainSpec) -> FrameworkSpec:
    return FrameworkSpec(version="test", domains=domains)


TEAMS = DomainSpec(
    slug="teams",
    title="Teams",
    weight=2,
    indicators=(
        IndicatorSpec("specialists", "Specialists", weight=2, critical=True),
        IndicatorSpec("co-located", "Co-located"),
        IndicatorSpec("psychologist", "Psychologist", allows_na=True, reference_level=1),
    ),
)
MI = DomainSpec(
    slug="mi",
    title="MI",
    indicators=(
        IndicatorSpec("trained", "Trained"),
        IndicatorSpec("observed", "Observed", allows_na=True),
    ),
)
FRAMEWORK = framework(TEAMS, MI)


def test_weighted_domain_and_overall_scores():
    result = score(
        FRAMEWORK,
        {"specialists": 2, "co-located": 1, "psychologist": 0, "trained": 1, "observed": 2},
    )
    teams, mi = result.domains
    # teams: (2x2 + 1x1 + 0x1) / (2x2 + 2x1 + 2x1) = 5/8
    assert teams.score == Fraction(500, 8)
    # mi: (1 + 2) / 4
    assert mi.score == Fraction(75)
    # overall: (62.5 x 2 + 75 x 1) / 3
    assert result.overall == Fraction(200, 3)
    assert result_as_dict(result)["overall"] == 66.7
    assert result.band == "Moderate fidelity"
    assert not result.capped


def test_na_answers_leave_the_sums_and_the_reference_alike():
    result = score(
        FRAMEWORK,
        {"specialists": 2, "co-located": 2, "psychologist": NA, "trained": 2, "observed": 2},
    )
    teams = result.domains[0]
    assert teams.score == 100
    assert teams.reference_score == 100  # the psychologist's reference level 1 is left out too
    assert teams.gap == 0


def test_all_na_domain_has_no_score_and_drops_out_of_the_overall():
    small = framework(
        DomainSpec("a", "A", (IndicatorSpec("a1", "A1", allows_na=True),), weight=5),
        DomainSpec("b", "B", (IndicatorSpec("b1", "B1"),)),
    )
    result = score(small, {"a1": NA, "b1": 1})
    assert result.domains[0].score is None
    assert result.domains[0].rag is None
    assert result.domains[0].gap is None
    assert result.overall == 50
    assert result_as_dict(result)["domains"][0] == {
        "slug": "a",
        "score": None,
        "rag": None,
        "reference_score": None,
        "gap": None,
    }


def test_a_critical_zero_caps_the_band_whatever_the_overall():
    result = score(
        FRAMEWORK,
        {"specialists": 0, "co-located": 2, "psychologist": 2, "trained": 2, "observed": 2},
    )
    assert result.overall > 50
    assert result.capped
    assert result.band == "Low fidelity"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(2, 3) * 100, "66.7"),
        (Fraction(1, 3) * 100, "33.3"),
        (Fraction(1333, 20), "66.7"),  # 66.65 exactly: half up, where round() gives 66.6 on floats
        (Fraction(125, 2), "62.5"),
        (Fraction(-1, 20), "-0.1"),  # half away from zero, as Decimal ROUND_HALF_UP
        (Fraction(1, 20), "0.1"),
        (Fraction(0), "0.0"),
    ],
)
def test_rounding_is_half_up_to_one_decimal(value, expected):
    assert round_half_up(value) == Decimal(expected)


def test_rag_thresholds():
    levels = {"specialists": 2, "co-located": 2, "psychologist": 2}
    assert score(FRAMEWORK, {**levels, "trained": 2, "observed": 2}).domains[1].rag == "green"
    assert score(FRAMEWORK, {**levels, "trained": 1, "observed": 1}).domains[1].rag == "amber"  # 50
    assert score(FRAMEWORK, {**levels, "trained": 1, "observed": 0}).domains[1].rag == "red"  # 25


def test_gap_is_reference_minus_council_computed_exactly():
    result = score(
        FRAMEWORK,
        {"specialists": 1, "co-located": 1, "psychologist": 1, "trained": 0, "observed": 0},
    )
    teams = result.domains[0]
    # reference (2x2 + 2 + 1) / 8 = 87.5; council (2 + 1 + 1) / 8 = 50
    assert teams.reference_score == Fraction(175, 2)
    assert teams.gap == Fraction(75, 2)
    assert result_as_dict(result)["domains"][0]["gap"] == 37.5


def test_action_plan_order_and_priority():
    result = score(
        FRAMEWORK,
        {"specialists": 1, "co-located": 0, "psychologist": 0, "trained": 0, "observed": NA},
    )
    actions = [(a.indicator, a.priority) for a in result.actions]
    # specialists: (2-1) x 2 x 2 = 4; co-located: 2 x 1 = 2; trained: 2 x 1 = 2; psychologist: 1 x 1 = 1
    assert actions == [("specialists", 4), ("co-located", 2), ("trained", 2), ("psychologist", 1)]
    assert result.actions[0].domain == "teams"
    assert result.actions[0].reference_level == 2


def test_problems_list_every_fault():
    problems = answer_problems(
        FRAMEWORK,
        {"specialists": 3, "co-located": NA, "trained": True, "observed": "1", "mystery": 1},
    )
    text = "\n".join(problems)
    assert "psychologist: no answer" in text
    assert "specialists: 3 is not a level" in text
    assert 'co-located: "na" is not allowed' in text
    assert "trained: True is not a level" in text
    assert "observed: '1' is not a level" in text
    assert "mystery: not an indicator" in text
    assert len(problems) == 6
    with pytest.raises(ValueError):
        score(FRAMEWORK, {"specialists": 3})


# Properties ---------------------------------------------------------------------

indicator_specs = st.builds(
    IndicatorSpec,
    slug=st.just(""),
    title=st.just("i"),
    weight=st.integers(1, 4),
    critical=st.booleans(),
    reference_level=st.integers(0, 2),
    allows_na=st.booleans(),
)


@st.composite
def frameworks(draw):
    domains = []
    for d in range(draw(st.integers(1, 4))):
        specs = draw(st.lists(indicator_specs, min_size=1, max_size=5))
        indicators = tuple(
            IndicatorSpec(
                f"d{d}-i{i}", s.title, s.weight, s.critical, s.reference_level, s.allows_na
            )
            for i, s in enumerate(specs)
        )
        domains.append(DomainSpec(f"d{d}", f"D{d}", indicators, weight=draw(st.integers(1, 3))))
    return framework(*domains)


@st.composite
def framework_and_answers(draw):
    spec = draw(frameworks())
    answers = {
        i.slug: draw(st.sampled_from([0, 1, 2, NA] if i.allows_na else [0, 1, 2]))
        for _, i in spec.indicators()
    }
    return spec, answers


@given(framework_and_answers())
def test_scores_stay_between_0_and_100(case):
    spec, answers = case
    result = score(spec, answers)
    values = [
        result.overall,
        *(d.score for d in result.domains),
        *(d.reference_score for d in result.domains),
    ]
    assert all(v is None or 0 <= v <= 100 for v in values)


@given(framework_and_answers(), st.data())
def test_raising_one_answer_never_lowers_a_score(case, data):
    spec, answers = case
    raisable = [slug for slug, level in answers.items() if level in (0, 1)]
    if not raisable:
        return
    slug = data.draw(st.sampled_from(raisable))
    before, after = score(spec, answers), score(spec, {**answers, slug: answers[slug] + 1})
    assert after.overall >= before.overall
    for old, new in zip(before.domains, after.domains, strict=True):
        assert old.score is None or new.score >= old.score


@given(frameworks(), st.data())
def test_the_reference_profile_has_no_actions_and_no_gaps(spec, data):
    answers = {
        i.slug: (NA if i.allows_na and data.draw(st.booleans()) else i.reference_level)
        for _, i in spec.indicators()
    }
    result = score(spec, answers)
    assert result.actions == ()
    assert all(d.gap in (None, 0) for d in result.domains)


def test_rounded_values_always_show_one_decimal():
    assert str(round_half_up(Fraction(25))) == "25.0"
    assert str(round_half_up(Fraction(100))) == "100.0"
