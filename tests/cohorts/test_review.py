"""The reviewer workspace: the overview, drill-down, charts and the review decision."""

import datetime

from django.urls import reverse

import pytest

from cohorts.models import ReviewerToken
from cohorts.services import create_reviewer_token, review_submission
from fidelity.choices import AssessmentStatus
from fidelity.models import Assessment, ReviewDecision
from tests.fidelity.factories import submit_round
from tests.pages import assert_no_machine_dates

pytestmark = pytest.mark.django_db


def overview_url(cohort, **query):
    url = reverse("review:overview", kwargs={"cohort_pk": cohort.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_overview_has_a_row_per_council_with_scores_milestones_and_stage(
    client, reviewed_cohort, reviewer
):
    client.force_login(reviewer)
    response = client.get(overview_url(reviewed_cohort))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["council"] for r in rows] == ["Council 001", "Council 002"]
    first, second = rows
    assert (
        first["overall"] == 100.0 and first["round_label"] == "6 months" and first["change"] == 50.0
    )
    assert (
        second["overall"] == 0.0 and second["band"] == "Low fidelity" and second["change"] is None
    )
    assert first["done"] == 1 and first["late"] == 1 and first["stage"] == "Installation"
    content = response.content.decode()
    assert "Cohort median" in content and "Model standard (reference)" in content


def test_sorting_by_links_and_filtering_by_round(client, reviewed_cohort, reviewer):
    client.force_login(reviewer)
    rows = client.get(overview_url(reviewed_cohort, sort="overall", order="asc")).context["rows"]
    assert [r["council"] for r in rows] == ["Council 002", "Council 001"]
    content = client.get(
        overview_url(reviewed_cohort, sort="overall", order="asc")
    ).content.decode()
    assert 'aria-sort="ascending"' in content and "sort=overall&amp;order=desc" in content
    baseline = client.get(overview_url(reviewed_cohort, round=0)).context["rows"]
    assert [(r["council"], r["overall"]) for r in baseline] == [
        ("Council 001", 50.0),
        ("Council 002", 0.0),
    ]
    assert client.get(overview_url(reviewed_cohort, round="x")).status_code == 404


def test_council_drill_down_and_assessment_are_read_only_pages(client, reviewed_cohort, reviewer):
    client.force_login(reviewer)
    council = reviewed_cohort.councils.get(name="Council 001")
    page = client.get(
        reverse(
            "review:council", kwargs={"cohort_pk": reviewed_cohort.pk, "authority_pk": council.pk}
        )
    )
    assert page.status_code == 200
    content = page.content.decode()
    assert "Multi-agency board established" in content and "Late" in content
    latest = Assessment.objects.get(authority=council, round=6)
    page = client.get(
        reverse(
            "review:assessment",
            kwargs={"cohort_pk": reviewed_cohort.pk, "assessment_pk": latest.pk},
        )
    )
    assert "Review this submission" in page.content.decode()
    for name in ("heatmap_chart", "rounds_chart", "milestones_chart"):
        chart = client.get(reverse(f"review:{name}", kwargs={"cohort_pk": reviewed_cohort.pk}))
        assert chart.status_code == 200 and b"<svg" in chart.content, name
    timeline = client.get(
        reverse(
            "review:council_timeline",
            kwargs={"cohort_pk": reviewed_cohort.pk, "authority_pk": council.pk},
        )
    )
    assert b"<svg" in timeline.content


def decide_url(cohort, assessment) -> str:
    return reverse("review:decide", kwargs={"cohort_pk": cohort.pk, "assessment_pk": assessment.pk})


def seen(assessment) -> dict:
    """What the review page posts of the submission it shows: the time it was made."""
    return {"submitted_at": Assessment.objects.get(pk=assessment.pk).submitted_at.isoformat()}


def test_return_with_comment_then_the_council_resubmits_and_the_reviewer_validates(
    client, reviewed_cohort, reviewer, council_lead
):
    assessment = Assessment.objects.get(authority__name="Council 001", round=6)
    decide = decide_url(reviewed_cohort, assessment)
    client.force_login(reviewer)
    refused = client.post(decide, {"outcome": "returned", "comment": "  "} | seen(assessment))
    assert "Enter a comment" in refused.content.decode()
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.SUBMITTED
    client.post(
        decide,
        {"outcome": "returned", "comment": "Say how MI practice is observed."} | seen(assessment),
    )
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.RETURNED

    client.force_login(council_lead)
    tasks = client.get(reverse("fidelity:task_list", kwargs={"pk": assessment.pk})).content.decode()
    assert "Say how MI practice is observed." in tasks
    submit_round(assessment, council_lead)

    client.force_login(reviewer)
    client.post(decide, {"outcome": "validated", "comment": ""} | seen(assessment))
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.VALIDATED
    assert list(
        ReviewDecision.objects.filter(assessment=assessment).values_list("outcome", flat=True)
    ) == ["validated", "returned"]
    assert assessment.audit_events.filter(action="returned").exists()
    # A validated assessment cannot be decided again.
    again = client.post(
        decide, {"outcome": "returned", "comment": "Late thought"} | seen(assessment)
    )
    assert "validated this submission" in again.content.decode()
    assert ReviewDecision.objects.filter(assessment=assessment).count() == 2


def test_the_review_page_posts_the_time_of_the_submission_it_shows(
    client, reviewed_cohort, reviewer
):
    assessment = Assessment.objects.get(authority__name="Council 001", round=6)
    client.force_login(reviewer)
    page = client.get(
        reverse(
            "review:assessment",
            kwargs={"cohort_pk": reviewed_cohort.pk, "assessment_pk": assessment.pk},
        )
    )
    content = page.content.decode()
    assert f'name="submitted_at" value="{seen(assessment)["submitted_at"]}"' in content


def resubmit(assessment, lead) -> Assessment:
    """The council changes a returned round and its lead submits it again."""
    from fidelity.models import Answer

    Answer.objects.filter(assessment=assessment).update(level="0")
    return submit_round(assessment, lead)


@pytest.mark.parametrize("outcome", ["validated", "returned"])
def test_an_old_tab_cannot_decide_a_resubmission_the_reviewer_never_saw(
    client, reviewed_cohort, reviewer, council_lead, outcome
):
    """The reviewer opened the first submission; it was returned (from another tab), the council
    changed and resubmitted it; the reviewer's old tab then posts a decision."""
    assessment = Assessment.objects.get(authority__name="Council 001", round=6)
    old_tab = seen(assessment)
    review_submission(
        reviewer=reviewer,
        cohort=reviewed_cohort,
        assessment=assessment,
        submitted_at=assessment.submitted_at,
        outcome="returned",
        comment="Check MI.",
    )
    resubmitted = resubmit(Assessment.objects.get(pk=assessment.pk), council_lead)
    decisions = ReviewDecision.objects.filter(assessment=assessment).count()
    client.force_login(reviewer)
    response = client.post(
        decide_url(reviewed_cohort, assessment),
        {"outcome": outcome, "comment": "Looks fine to me."} | old_tab,
    )
    assert response.status_code == 409
    # Nothing recorded: the resubmission still waits for a decision.
    current = Assessment.objects.get(pk=assessment.pk)
    assert current.status == AssessmentStatus.SUBMITTED
    assert current.submitted_at == resubmitted.submitted_at
    assert ReviewDecision.objects.filter(assessment=assessment).count() == decisions
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "This submission changed after you opened it" in content
    assert "Check the current answers and decide again" in content
    # The page shows the current submission (every answer now 0), keeps the reviewer's comment
    # and carries the current submission's time, so the next decision applies to it.
    assert response.context["assessment"].submitted_at == resubmitted.submitted_at
    assert response.context["results"].overall == 0
    assert "Looks fine to me." in content
    assert response.context["form"]["submitted_at"].value() == resubmitted.submitted_at.isoformat()
    again = client.post(
        decide_url(reviewed_cohort, assessment),
        {"outcome": outcome, "comment": "Looks fine to me."} | seen(assessment),
    )
    assert again.status_code == 302
    assert Assessment.objects.get(pk=assessment.pk).status == outcome


def test_a_decision_taken_in_another_tab_is_not_overwritten(client, reviewed_cohort, reviewer):
    assessment = Assessment.objects.get(authority__name="Council 001", round=6)
    page = seen(assessment)
    client.force_login(reviewer)
    first = client.post(
        decide_url(reviewed_cohort, assessment), {"outcome": "validated", "comment": ""} | page
    )
    assert first.status_code == 302
    second = client.post(
        decide_url(reviewed_cohort, assessment),
        {"outcome": "returned", "comment": "Redo the Workbook section."} | page,
    )
    assert second.status_code == 409
    assert (
        "Rita" in second.content.decode() and "validated this submission" in second.content.decode()
    )
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.VALIDATED
    assert list(
        ReviewDecision.objects.filter(assessment=assessment).values_list("outcome", flat=True)
    ) == ["validated"]


def test_a_round_returned_in_another_tab_is_not_decided_again(client, reviewed_cohort, reviewer):
    assessment = Assessment.objects.get(authority__name="Council 001", round=6)
    page = seen(assessment)
    client.force_login(reviewer)
    client.post(
        decide_url(reviewed_cohort, assessment), {"outcome": "returned", "comment": "Redo."} | page
    )
    late = client.post(
        decide_url(reviewed_cohort, assessment), {"outcome": "validated", "comment": ""} | page
    )
    # The council is changing it: the reviewer goes back to the council, told why.
    assert late.status_code == 302
    told = client.get(late["Location"]).content.decode()
    assert "returned this submission" in told and "has not been recorded" in told
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.RETURNED
    assert ReviewDecision.objects.filter(assessment=assessment).count() == 1


def test_the_service_refuses_a_decision_on_a_submission_the_reviewer_did_not_see(
    reviewed_cohort, reviewer
):
    from cohorts.services import SubmissionChanged

    assessment = Assessment.objects.get(authority__name="Council 001", round=6)
    earlier = assessment.submitted_at - datetime.timedelta(minutes=5)
    with pytest.raises(SubmissionChanged, match="resubmitted it"):
        review_submission(
            reviewer=reviewer,
            cohort=reviewed_cohort,
            assessment=assessment,
            submitted_at=earlier,
            outcome="validated",
            comment="",
        )
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.SUBMITTED
    assert not ReviewDecision.objects.filter(assessment=assessment).exists()


def add_councils(cohort, count: int, framework) -> None:
    """Councils with two submitted rounds and a milestone, made in bulk: the overview reads the
    scores stored at submission, so they need no answers."""
    from authorities.models import Authority
    from cohorts.models import Milestone, MilestoneEntry

    start = Authority.objects.count() + 500
    councils = Authority.objects.bulk_create(
        Authority(name=f"Bulk {n}", ons_code=f"E08{n:06d}", dfe_number=n, region="North West")
        for n in range(start, start + count)
    )
    cohort.councils.add(*councils)
    scores = {
        "overall": 55.0,
        "band": "Moderate fidelity",
        "capped": False,
        "domains": [
            {"slug": d.slug, "score": 55.0, "rag": "amber", "reference_score": 100.0, "gap": 45.0}
            for d in framework.domains.all()
        ],
        "actions": [],
    }
    Assessment.objects.bulk_create(
        Assessment(authority=c, framework=framework, round=r, status="submitted", scores=scores)
        for c in councils
        for r in (0, 6)
    )
    board = Milestone.objects.get(slug="multi-agency-board")
    MilestoneEntry.objects.bulk_create(
        MilestoneEntry(authority=c, milestone=board, status="on-track") for c in councils
    )


def count_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the navigation is cached on first use
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_overview_runs_a_fixed_number_of_queries_for_5_or_60_councils(
    client, reviewed_cohort, reviewer
):
    framework = Assessment.objects.first().framework
    client.force_login(reviewer)
    add_councils(reviewed_cohort, 3, framework)
    five = count_queries(client, overview_url(reviewed_cohort))
    add_councils(reviewed_cohort, 55, framework)
    assert reviewed_cohort.councils.count() == 60
    sixty = count_queries(client, overview_url(reviewed_cohort))
    # 16: the reference council's validated round (a second comparison), the returned rounds;
    # the overdue rounds come from the councils and submissions already read
    assert five == sixty <= 16
    for name in ("heatmap_chart", "rounds_chart", "milestones_chart"):
        url = reverse(f"review:{name}", kwargs={"cohort_pk": reviewed_cohort.pk})
        assert count_queries(client, url) <= 12, name


def test_a_round_some_councils_have_not_submitted_shows_none_submitted(
    client, reviewed_cohort, reviewer
):
    client.force_login(reviewer)
    response = client.get(overview_url(reviewed_cohort, round=6, sort="overall", order="desc"))
    assert response.status_code == 200
    rows = {r["council"]: r for r in response.context["rows"]}
    assert rows["Council 002"]["assessment_id"] is None and rows["Council 001"]["overall"] == 100.0
    assert "None submitted" in response.content.decode()


def test_a_returned_assessment_is_the_councils_work_in_progress_again(
    client, reviewed_cohort, reviewer, council_lead
):
    from fidelity.models import Answer

    assessment = Assessment.objects.get(authority__name="Council 001", round=6)
    review_submission(
        reviewer=reviewer,
        cohort=reviewed_cohort,
        assessment=assessment,
        submitted_at=assessment.submitted_at,
        outcome="returned",
        comment="Check MI.",
    )
    Answer.objects.filter(assessment=assessment).first().delete()  # the council starts changing it
    client.force_login(reviewer)
    council = client.get(
        reverse(
            "review:council",
            kwargs={"cohort_pk": reviewed_cohort.pk, "authority_pk": assessment.authority_id},
        )
    )
    assert council.status_code == 200
    assert "Check MI." in council.content.decode()
    assert council.context["latest"].round == 0  # results from the last readable round
    # The returned round stays reachable with its review, but not the answers being changed.
    kwargs = {"cohort_pk": reviewed_cohort.pk, "assessment_pk": assessment.pk}
    page = client.get(reverse("review:assessment", kwargs=kwargs))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Check MI." in content and "Returned" in content
    assert page.context["results"] is None and page.context["summary"] == []
    assert client.get(reverse("review:assessment_radar", kwargs=kwargs)).status_code == 404


def test_cached_cohort_charts_change_when_their_data_changes(client, reviewed_cohort, reviewer):

    client.force_login(reviewer)
    url = reverse("review:rounds_chart", kwargs={"cohort_pk": reviewed_cohort.pk})
    before = client.get(url).content
    assert client.get(url).content == before  # served from the cache
    assessment = Assessment.objects.get(authority__name="Council 001", round=6)
    review_submission(
        reviewer=reviewer,
        cohort=reviewed_cohort,
        assessment=assessment,
        submitted_at=assessment.submitted_at,
        outcome="returned",
        comment="Redo.",
    )
    assert client.get(url).content != before  # the returned round leaves the chart


def test_reviewer_pages_write_dates_and_times_as_gov_uk_does(client, reviewed_cohort, reviewer):
    """A decision, a token's use and a submission, at moments in summer (BST) and winter."""
    summer_afternoon = datetime.datetime(2026, 7, 1, 15, 14, tzinfo=datetime.UTC)
    winter_noon = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=datetime.UTC)
    assessment = Assessment.objects.get(authority__name="Council 001", round=6)
    decision = review_submission(
        reviewer=reviewer,
        cohort=reviewed_cohort,
        assessment=assessment,
        submitted_at=assessment.submitted_at,
        outcome="validated",
        comment="",
    )
    ReviewDecision.objects.filter(pk=decision.pk).update(created_at=summer_afternoon)
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=winter_noon)
    token, _ = create_reviewer_token(user=reviewer, name="Report script")
    ReviewerToken.objects.filter(pk=token.pk).update(
        created_at=winter_noon, last_used_at=summer_afternoon
    )
    client.force_login(reviewer)

    pages = {
        "assessment": reverse(
            "review:assessment",
            kwargs={"cohort_pk": reviewed_cohort.pk, "assessment_pk": assessment.pk},
        ),
        "council": reverse(
            "review:council",
            kwargs={"cohort_pk": reviewed_cohort.pk, "authority_pk": assessment.authority_id},
        ),
        "overview": overview_url(reviewed_cohort),
        "tokens": reverse("review_exports:token_list"),
    }
    html = {name: client.get(url).content.decode() for name, url in pages.items()}

    summer_time = '<time datetime="2026-07-01T16:14+01:00">4:14pm, 1 July 2026</time>'
    assert f"by Rita (reviewer), {summer_time}" in html["assessment"]
    assert '<time datetime="2026-11-25">25 November 2026</time>' in html["assessment"]
    assert ">25 November 2026</time>" in html["council"]
    assert ">25 November 2026</time>" in html["overview"]
    assert summer_time in html["tokens"] and ">25 November 2026</time>" in html["tokens"]
    for name, page in html.items():
        assert "p.m." not in page, name
        assert_no_machine_dates(page)
