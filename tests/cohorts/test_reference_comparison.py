"""The second comparison: once Hertfordshire (the reference council) has a validated round,
results and the cohort overview show its own answers beside the model standard, and not before."""

from django.urls import reverse
from django.utils import timezone

import pytest

from authorities.choices import MembershipRole
from authorities.models import Authority
from core.dates import govuk_date
from fidelity.choices import AssessmentStatus, ReviewOutcome
from fidelity.models import Assessment, ReviewDecision
from tests.authorities.factories import member
from tests.fidelity.factories import submitted_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def hertfordshire_round(framework):
    """Hertfordshire's baseline, every indicator answered 2, submitted but not yet validated."""
    hertfordshire = Authority.objects.get(is_reference=True)
    lead = member("herts-lead", hertfordshire, MembershipRole.LEAD)
    return submitted_round(hertfordshire, lead, level="2")


def validate(assessment: Assessment) -> None:
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.VALIDATED)
    ReviewDecision.objects.create(assessment=assessment, outcome=ReviewOutcome.VALIDATED)


def label() -> str:
    return f"Hertfordshire, self-assessed, validated {govuk_date(timezone.now())}"


def test_results_show_hertfordshire_once_its_round_is_validated_and_not_before(
    client, submitted, wb_lead, hertfordshire_round
):
    client.force_login(wb_lead)
    results = reverse("fidelity:results", kwargs={"pk": submitted.pk})

    before = client.get(results)
    assert before.context["second"] is None
    assert "self-assessed" not in before.content.decode()

    validate(hertfordshire_round)
    after = client.get(results)
    html = after.content.decode()

    second = after.context["second"]
    assert second.label == label()
    assert str(second.overall) == "100.0"  # every answer 2, on the same indicators
    assert f"{label()}, on the same indicators" in html
    assert html.count("Hertfordshire (self-assessed)</th>") == 2  # domains and indicators


def test_hertfordshire_is_scored_on_the_indicators_the_council_answered(
    client, framework, west_berkshire, wb_lead, hertfordshire_round
):
    not_applicable = framework.indicators.filter(allows_na=True).first()
    assert not_applicable is not None
    council_round = submitted_round(
        west_berkshire, wb_lead, level="2", overrides={not_applicable.slug: "na"}
    )
    Assessment.objects.filter(pk=hertfordshire_round.pk).update(status=AssessmentStatus.VALIDATED)
    ReviewDecision.objects.create(assessment=hertfordshire_round, outcome=ReviewOutcome.VALIDATED)
    hertfordshire_answer = hertfordshire_round.answers.get(indicator=not_applicable)
    hertfordshire_answer.level = "0"
    hertfordshire_answer.save()
    client.force_login(wb_lead)

    second = client.get(reverse("fidelity:results", kwargs={"pk": council_round.pk})).context[
        "second"
    ]

    # Hertfordshire's 0 there is left out, as the council's "not applicable" is.
    assert str(second.overall) == "100.0"
    assert second.levels[not_applicable.slug] == 0


def test_hertfordshire_sees_no_second_comparison_with_itself(client, hertfordshire_round):
    validate(hertfordshire_round)
    lead = hertfordshire_round.submitted_by
    client.force_login(lead)

    response = client.get(reverse("fidelity:results", kwargs={"pk": hertfordshire_round.pk}))

    assert response.context["second"] is None


def test_the_cohort_overview_adds_hertfordshires_row_once_validated(
    client, reviewed_cohort, reviewer, hertfordshire_round
):
    client.force_login(reviewer)
    overview = reverse("review:overview", args=[reviewed_cohort.pk])

    assert "self-assessed" not in client.get(overview).content.decode()

    validate(hertfordshire_round)
    html = client.get(overview).content.decode()

    assert html.count(f'<th scope="row" class="govuk-table__header">{label()}</th>') == 2


def test_results_name_no_reviewer_when_the_reviewers_account_is_gone(client, submitted, wb_lead):
    Assessment.objects.filter(pk=submitted.pk).update(status=AssessmentStatus.VALIDATED)
    ReviewDecision.objects.create(assessment=submitted, outcome=ReviewOutcome.VALIDATED)
    client.force_login(wb_lead)

    response = client.get(reverse("fidelity:results", kwargs={"pk": submitted.pk}))

    assert response.status_code == 200
    assert "Validated by a reviewer on" in response.content.decode()


def test_the_reviewers_page_of_a_councils_round_adds_hertfordshire_once_validated(
    client, reviewed_cohort, reviewer, hertfordshire_round
):
    council = reviewed_cohort.councils.order_by("name").first()
    round_ = Assessment.objects.filter(authority=council).order_by("round").first()
    page = reverse("review:assessment", args=[reviewed_cohort.pk, round_.pk])
    client.force_login(reviewer)
    assert client.get(page).context["second"] is None

    validate(hertfordshire_round)
    html = client.get(page).content.decode()

    assert f"{label()}, on the same indicators: 100.0" in html
    assert "Hertfordshire (self-assessed)</th>" in html
