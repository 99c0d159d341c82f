"""The measure catalogue (content/statistics/measures.yaml) and the rate rule."""

import shutil
from decimal import Decimal

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError

import pytest

from official_statistics.choices import Polarity, Unit
from official_statistics.measures import (
    MEASURE_FILE,
    measure_catalogue,
    rate_per_10000,
    read_catalogue,
)
from official_statistics.trends import median, quartile_band

# DfE's direction for each curated measure, as the issue lists them.
NO_DIRECTION = {"children-in-need-rate", "child-protection-plan-rate", "looked-after-rate"}
LOWER_IS_BETTER = {
    "re-referrals",
    "second-or-subsequent-plans",
    "social-worker-turnover",
    "agency-rate",
    "vacancy-rate",
    "caseload",
}


def test_the_real_catalogue_reads_with_dfes_directions():
    catalogue = measure_catalogue()

    by_slug = {m.slug: m for m in catalogue.measures}
    assert set(by_slug) == NO_DIRECTION | LOWER_IS_BETTER
    for slug in NO_DIRECTION:
        assert by_slug[slug].polarity == Polarity.NONE
        assert by_slug[slug].unit == Unit.RATE_PER_10000
        assert not by_slug[slug].has_polarity
    for slug in LOWER_IS_BETTER:
        assert by_slug[slug].polarity == Polarity.LOWER
    assert catalogue.licence == "Open Government Licence v3.0"
    assert catalogue.population.filters == {"age_group": "Children aged 0 to 17 years"}


def write_catalogue(tmp_path, text: str):
    path = tmp_path / "measures.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD_HEAD = """
population: {dataset: pop, column: population_estimate}
source: {publisher: DfE, url: "https://example.org", licence: OGL, licence_url: "https://example.org/l"}
"""


@pytest.mark.parametrize(
    ("measures", "problem"),
    [
        ("measures: []", "measures: give a list of measures"),
        (
            "measures:\n  - {slug: a, label: A, unit: furlongs, dataset: d, column: c, "
            "polarity: none, publication: P}",
            "measures[1]: unit: use one of",
        ),
        (
            "measures:\n  - {slug: a, label: A, unit: percent, dataset: d, column: c, "
            "polarity: sideways, publication: P}",
            "measures[1]: polarity: use one of none, lower, higher",
        ),
        (
            "measures:\n  - {slug: a, label: A, unit: percent, dataset: d, column: c, "
            "polarity: lower, publication: P}\n  - {slug: a, label: B, unit: percent, "
            "dataset: d, column: e, polarity: lower, publication: P}",
            "measures[2]: slug: 'a' is used twice",
        ),
        (
            "measures:\n  - {slug: a, label: A, unit: percent, column: c, polarity: lower, "
            "publication: P, colour: red}",
            "measures[1]: colour is not a field",
        ),
        (
            "measures:\n  - {slug: a, label: A, unit: percent, column: c, polarity: lower, "
            "publication: P}",
            "measures[1]: dataset: is required",
        ),
    ],
)
def test_a_broken_catalogue_names_every_problem(tmp_path, measures, problem):
    catalogue, problems = read_catalogue(write_catalogue(tmp_path, GOOD_HEAD + measures))

    assert catalogue is None
    assert any(p.startswith(problem) for p in problems), problems


def test_a_missing_or_unreadable_catalogue_is_reported(tmp_path):
    assert read_catalogue(tmp_path / "none.yaml")[1] == [
        f"{tmp_path / 'none.yaml'}: the file does not exist"
    ]
    assert "is not valid YAML" in read_catalogue(write_catalogue(tmp_path, "a: [b"))[1][0]


def test_manage_py_check_fails_on_a_broken_catalogue(tmp_path, settings):
    content = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, content)
    (content / MEASURE_FILE).write_text(GOOD_HEAD + "measures: []\n", encoding="utf-8")
    settings.CONTENT_DIR = content

    with pytest.raises(SystemCheckError, match="official_statistics.E001"):
        call_command("check")


@pytest.mark.parametrize(
    ("count", "population", "rate"),
    [
        (5848, 277480, Decimal("210.8")),  # the methodology page's example
        (999, 277480, Decimal("36.0")),  # DfE publishes 36 for Hertfordshire in 2025
        (1, 8000, Decimal("1.3")),  # exactly 1.25: a half, rounded up
        (3, 8000, Decimal("3.8")),  # exactly 3.75
        (0, 1000, Decimal("0.0")),
    ],
)
def test_rate_per_10000_rounds_to_one_decimal_halves_up(count, population, rate):
    assert rate_per_10000(Decimal(count), Decimal(population)) == rate


def test_the_median_is_exact():
    assert median([Decimal("1.1"), Decimal("1.2")]) == Decimal("1.15")
    assert median([Decimal("3"), Decimal("1"), Decimal("2")]) == Decimal("2")
    assert median([]) is None


@pytest.mark.parametrize(
    ("value", "band"),
    [(Decimal(1), "A"), (Decimal(2), "A"), (Decimal(3), "B"), (Decimal(5), "C"), (Decimal(8), "D")],
)
def test_quartile_bands_count_councils_doing_better(value, band):
    # Eight councils, 1 to 8, lower is better: 1-2 in A, 3-4 in B, 5-6 in C, 7-8 in D.
    others = [Decimal(n) for n in range(1, 9)]
    assert quartile_band(value, others, Polarity.LOWER) == band
    # Higher is better turns the order round.
    assert quartile_band(Decimal(9) - value, others, Polarity.HIGHER) == band


def test_fewer_than_four_councils_get_no_band():
    assert quartile_band(Decimal(1), [Decimal(1), Decimal(2), Decimal(3)], Polarity.LOWER) is None


def test_ties_share_the_better_band():
    others = [Decimal(1), Decimal(2), Decimal(2), Decimal(2)]
    assert quartile_band(Decimal(2), others, Polarity.LOWER) == "B"


def test_settings_point_at_the_real_catalogue():
    assert (settings.CONTENT_DIR / MEASURE_FILE).is_file()
