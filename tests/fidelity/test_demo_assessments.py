"""Demo assessments: West Berkshire's submitted baseline and draft 6-month round."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

import pytest

from fidelity.choices import SUBMITTED_STATUSES, AssessmentMode, AssessmentStatus
from fidelity.models import Assessment
from fidelity.scoring import stored_result
from fidelity.selectors import action_history, assessment_results, live_score

pytestmark = pytest.mark.django_db


def test_demo_data_gives_west_berkshire_a_submitted_baseline_and_a_draft(framework, client):
    call_command("load_demo_data", stdout=StringIO())
    call_command("load_demo_data", stdout=StringIO())  # a second load changes nothing
    baseline = Assessment.objects.get(authority__ons_code="E06000037", round=0)
    draft = Assessment.objects.get(authority__ons_code="E06000037", round=6)
    assert Assessment.objects.filter(authority__ons_code="E06000037").count() == 3
    assert baseline.status == AssessmentStatus.SUBMITTED
    assert baseline.submitted_by.username == "wberks-lead"
    assert draft.status == AssessmentStatus.DRAFT and draft.prefilled_from == baseline
    assert draft.sections.filter(completed=True).count() == 3
    assert baseline.planned_actions.count() == 2

    client.post(
        reverse("login"), {"username": "wberks-lead", "password": "family-safeguarding-demo"}
    )
    results = client.get(reverse("fidelity:results", kwargs={"pk": baseline.pk}))
    assert results.status_code == 200
    assert results.context["results"].band == "Moderate fidelity"
    tasks = client.get(reverse("fidelity:task_list", kwargs={"pk": draft.pk})).content.decode()
    assert "You have completed 3 of 9 sections." in tasks


def test_demo_data_shows_a_plan_carried_over_from_the_baseline(framework):
    call_command("load_demo_data", stdout=StringIO())
    baseline = Assessment.objects.get(authority__ons_code="E06000036", round=0)
    six = Assessment.objects.get(authority__ons_code="E06000036", round=6)
    earlier = {row.indicator.slug: row for row in assessment_results(baseline).plan.rows}
    later = {row.indicator.slug: row for row in assessment_results(six).plan.rows}
    assert earlier["mi-training-coverage"].outcome == "Closed: gap met in 6 months"
    assert earlier["workbook-live"].outcome == "Carried over to 6 months"
    carried = later["workbook-live"].planned
    assert (carried.owner, carried.status, later["workbook-live"].carried_from_round) == (
        "Head of Family Safeguarding",
        "in-progress",
        "Baseline",
    )
    workshops = later["mi-skills-workshops"].planned
    assert workshops.notes == "Workshops run for two of the three teams."
    assert len(action_history(workshops)) == 2  # the baseline's save and the 6-month one


def test_demo_data_has_a_round_rated_by_three_members_with_the_consensus_step_open(
    framework, client
):
    call_command("load_demo_data", stdout=StringIO())
    call_command("load_demo_data", stdout=StringIO())
    assessment = Assessment.objects.get(authority__ons_code="E06000037", round=12)
    assert assessment.mode == AssessmentMode.INDEPENDENT and assessment.consensus_open
    raters = set(assessment.independent_ratings.values_list("rater__username", flat=True))
    assert raters == {"wberks-lead", "wberks-contributor", "wberks-practitioner"}
    assert assessment.independent_ratings.count() == 3 * framework.indicators.count()
    assert not assessment.answers.exists()  # left for the lead to agree
    client.post(
        reverse("login"), {"username": "wberks-lead", "password": "family-safeguarding-demo"}
    )
    page = client.get(reverse("fidelity:consensus", args=[assessment.pk, "team-structure"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Disagreement" in html and "Illustrative demo rating" in html


def test_demo_assessments_wait_for_the_framework(empty_site):
    call_command("load_demo_data", stdout=StringIO())
    assert not Assessment.objects.exists()


def test_every_demo_submission_stored_the_scores_its_answers_give(framework):
    call_command("load_demo_data", stdout=StringIO())
    submitted = Assessment.objects.filter(status__in=SUBMITTED_STATUSES)
    assert submitted.count() >= 5
    for assessment in submitted:
        assert assessment.scores == stored_result(live_score(assessment)), assessment
