"""Fidelity against outcomes in the reviewer workspace: latest fidelity score against the
change in official rates since go-live, with the correlation and its limits."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from pytest_django.asserts import assertContains

from authorities.models import Authority
from cohorts.services import review_submission
from fidelity.choices import ReviewOutcome
from fidelity.models import Assessment
from outcomes.fidelity_outcomes import baseline_period
from tests.cohorts.factories import make_council
from tests.official_statistics.observations import CPP, council_area, observe, population, save

pytestmark = pytest.mark.django_db

WENT_LIVE = datetime.date(2017, 10, 2)


def plans(authority, before: int, latest: int) -> None:
    """Child protection plans in 2017 and 2025 among 100,000 children: the rate is count / 10."""
    area = council_area(authority)
    save(
        [
            observe(CPP, area, 2017, before),
            observe(CPP, area, 2025, latest),
            *population(area, {2016: 100000, 2024: 100000}),
        ]
    )


@pytest.fixture
def scatter_cohort(reviewed_cohort, framework):
    """Three councils: fidelity 100, 0 and 50; plans rates change by -10, +10 and 0."""
    third, _ = make_council(3, lead_name="lead-3", levels=("1",))
    reviewed_cohort.councils.add(third)
    first, second = reviewed_cohort.councils.order_by("name")[:2]
    Authority.objects.update(went_live=WENT_LIVE)
    plans(first, 300, 200)
    plans(second, 300, 400)
    plans(third, 300, 300)
    return reviewed_cohort


def url(cohort) -> str:
    return reverse("review_outcomes:fidelity_outcomes", args=[cohort.pk])


def test_the_reviewer_sees_each_change_and_the_correlation(client, scatter_cohort, reviewer):
    client.force_login(reviewer)

    response = client.get(url(scatter_cohort))

    assert response.status_code == 200
    scatter = next(
        s for s in response.context["scatters"] if s.measure.slug == "child-protection-plan-rate"
    )
    changes = {p.authority.name: (p.fidelity, p.change) for p in scatter.points}
    assert {name: (float(f), float(c)) for name, (f, c) in changes.items()} == {
        "Council 001": (100.0, -10.0),
        "Council 002": (0.0, 10.0),
        "Council 003": (50.0, 0.0),
    }
    assert str(scatter.correlation) == "-1.00"
    assertContains(response, "3 of 3")
    assertContains(response, "-1.00")
    assertContains(response, "does not prove that fidelity causes the change")
    # No looked-after figures were imported: the page says so rather than drawing nothing.
    assertContains(
        response, "cla_number_and_rate_per_10k_children (children_count) has not been imported"
    )


def test_each_measure_says_which_direction_is_better_and_where_its_figures_start(
    client, scatter_cohort, reviewer
):
    client.force_login(reviewer)

    html = client.get(url(scatter_cohort)).content.decode()

    section = html.split('id="child-protection-plan-rate"', 1)[1].split("</section>", 1)[0]
    assert "Neither direction is better" in section
    assert "The imported figures start in 2017, so a council that went live before then" in section


def test_the_scatter_chart_names_every_council(client, scatter_cohort, reviewer):
    client.force_login(reviewer)

    response = client.get(
        reverse(
            "review_outcomes:scatter_chart", args=[scatter_cohort.pk, "child-protection-plan-rate"]
        )
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert all(f"Council 00{n}" in svg for n in (1, 2, 3))


def test_a_returned_round_does_not_count_as_the_latest_score(client, scatter_cohort, reviewer):
    first = Authority.objects.get(name="Council 001")
    six_months = Assessment.objects.get(authority=first, round=6)
    review_submission(
        reviewer=reviewer,
        cohort=scatter_cohort,
        assessment=six_months,
        submitted_at=six_months.submitted_at,
        outcome=ReviewOutcome.RETURNED,
        comment="Fix it.",
    )
    client.force_login(reviewer)

    response = client.get(url(scatter_cohort))

    scatter = response.context["scatters"][0]
    point = next(p for p in scatter.points if p.authority == first)
    assert (float(point.fidelity), point.fidelity_round) == (50.0, "Baseline")


def test_councils_without_a_go_live_date_are_left_off_with_the_reason(
    client, scatter_cohort, reviewer
):
    Authority.objects.filter(name="Council 003").update(went_live=None)
    client.force_login(reviewer)

    response = client.get(url(scatter_cohort))

    assertContains(response, "2 of 3")
    assertContains(response, "Not on the chart: no go-live date recorded")
    assertContains(response, "2 councils have both figures: at least 3 are needed")


@pytest.mark.parametrize("who", ["other_reviewer", "council_lead"])
def test_only_the_cohorts_reviewers_see_it(client, scatter_cohort, who, request):
    client.force_login(request.getfixturevalue(who))

    assert client.get(url(scatter_cohort)).status_code == 404
    chart = reverse(
        "review_outcomes:scatter_chart", args=[scatter_cohort.pk, "child-protection-plan-rate"]
    )
    assert client.get(chart).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, scatter_cohort):
    response = client.get(url(scatter_cohort))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def queries(client, address) -> int:
    client.get(address)
    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == 200
    return len(context)


def test_the_number_of_queries_does_not_grow_with_the_cohort(
    client, scatter_cohort, reviewer, framework
):
    client.force_login(reviewer)
    few = queries(client, url(scatter_cohort))

    for number in range(4, 8):
        council, _ = make_council(number, lead_name=f"lead-{number}")
        council.went_live = WENT_LIVE
        council.save()
        plans(council, 100 * number, 90 * number)
        scatter_cohort.councils.add(council)
    many = queries(client, url(scatter_cohort))

    assert few == many
    assert many <= 20  # sign-in, cohort, councils, scores, figures, population, navigation


@pytest.mark.parametrize(
    ("went_live", "period"),
    [
        (datetime.date(2017, 10, 2), "2017"),
        (datetime.date(2017, 3, 31), "2016"),
        (datetime.date(2017, 4, 1), "2017"),
        (datetime.date(2018, 1, 8), "2017"),
    ],
)
def test_the_baseline_is_the_last_year_to_31_march_before_go_live(went_live, period):
    assert baseline_period(went_live) == period
