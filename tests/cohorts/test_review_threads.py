"""A two-way review (issue 14): reviewers comment on an indicator or the whole submission and the
council replies in the same thread; a reviewer reopens their own decision with a reason; a
returned round stays on the overview; a resubmission shows what changed since its return."""

import datetime

from django.core.exceptions import PermissionDenied
from django.urls import reverse

import pytest

from authorities.choices import MembershipRole
from cohorts import selectors, services
from cohorts.models import DecisionReopening, ReturnSnapshot, ReviewComment
from cohorts.rules import REVIEW_TEXT_MAX_LENGTH
from fidelity import services as fidelity_services
from fidelity.choices import AssessmentStatus
from fidelity.models import Answer, Assessment, Indicator
from notifications.models import Notification
from tests.authorities.factories import UserFactory, member
from tests.fidelity.factories import CONTEXT
from tests.pages import assert_no_template_syntax

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_6(reviewed_cohort) -> Assessment:
    """Council 001's 6-month round, submitted and waiting for a decision."""
    return Assessment.objects.get(authority__name="Council 001", round=6)


@pytest.fixture
def contributor(round_6):
    return member("contributor-1", round_6.authority, MembershipRole.CONTRIBUTOR)


def first_indicator(assessment) -> Indicator:
    return Indicator.objects.filter(framework=assessment.framework).first()


def decide(reviewer, cohort, assessment, outcome, comment=""):
    assessment.refresh_from_db()
    return services.review_submission(
        reviewer=reviewer,
        cohort=cohort,
        assessment=assessment,
        submitted_at=assessment.submitted_at,
        outcome=outcome,
        comment=comment,
    )


def review_url(cohort, assessment, name="assessment", **extra) -> str:
    return reverse(
        f"review:{name}", kwargs={"cohort_pk": cohort.pk, "assessment_pk": assessment.pk} | extra
    )


def threads_url(assessment) -> str:
    return reverse("council_review:threads", kwargs={"pk": assessment.pk})


def reply_url(assessment) -> str:
    return reverse("council_review:reply", kwargs={"pk": assessment.pk})


# Threads ------------------------------------------------------------------------------------


def test_a_reviewer_comments_on_an_indicator_and_the_council_replies_in_the_same_thread(
    client, reviewed_cohort, reviewer, council_lead, contributor, round_6
):
    indicator = first_indicator(round_6)
    client.force_login(reviewer)
    posted = client.post(
        review_url(reviewed_cohort, round_6, "comment"),
        {"thread": indicator.slug, "body": "  How often is supervision observed?  "},
    )
    assert posted.status_code == 302 and posted["Location"].endswith(f"#thread-{indicator.slug}")
    client.post(
        review_url(reviewed_cohort, round_6, "comment"),
        {"thread": "submission", "body": "Overall a clear account."},
    )
    told = Notification.objects.filter(recipient=council_lead, kind="review-comment")
    assert told.count() == 2 and "How often is supervision observed?" in told.last().body

    client.force_login(contributor)
    page = client.get(threads_url(round_6))
    assert page.status_code == 200
    assert "How often is supervision observed?" in page.content.decode()
    replied = client.post(
        reply_url(round_6), {"thread": indicator.slug, "body": "Monthly, by the principal."}
    )
    assert replied.status_code == 302
    assert Notification.objects.filter(recipient=reviewer, kind="review-comment").count() == 1

    threads = selectors.review_threads(round_6)
    assert [t.key for t in threads] == ["submission", indicator.slug]
    on_indicator = threads[1]
    assert [(e.heading, e.body, e.by_reviewer) for e in on_indicator.entries] == [
        ("Comment", "How often is supervision observed?", True),
        ("Reply", "Monthly, by the principal.", False),
    ]
    assert not on_indicator.awaits_reply and threads[0].awaits_reply
    # The review keeps it all, and the round's history says who wrote what.
    actions = set(round_6.audit_events.values_list("action", flat=True))
    assert {"review-commented", "review-replied"} <= actions
    client.force_login(reviewer)
    review = client.get(review_url(reviewed_cohort, round_6)).content.decode()
    assert "Monthly, by the principal." in review and "(council)" in review


def test_the_councils_pages_show_the_threads_and_a_returned_task_list_links_to_the_fix(
    client, reviewed_cohort, reviewer, council_lead, round_6
):
    indicator = first_indicator(round_6)
    services.comment_on_submission(
        reviewer=reviewer,
        cohort=reviewed_cohort,
        assessment=round_6,
        indicator=indicator,
        body="Add the supervision audit.",
    )
    client.force_login(council_lead)
    for name in ("results", "submitted", "history"):
        content = client.get(reverse(f"fidelity:{name}", kwargs={"pk": round_6.pk})).content
        assert "Add the supervision audit." in content.decode(), name
    decide(reviewer, reviewed_cohort, round_6, "returned", "See the comments.")
    tasks = client.get(reverse("fidelity:task_list", kwargs={"pk": round_6.pk}))
    content = tasks.content.decode()
    assert "Add the supervision audit." in content and "Waiting for your reply" in content
    section = reverse("fidelity:section", kwargs={"pk": round_6.pk, "step": indicator.domain.slug})
    assert f'href="{section}"' in content
    assert_no_template_syntax(tasks)
    # Where the answer is changed: its own section's page, and no other.
    assert "Add the supervision audit." in client.get(section).content.decode()
    other = Indicator.objects.filter(framework=round_6.framework).exclude(domain=indicator.domain)
    elsewhere = reverse(
        "fidelity:section", kwargs={"pk": round_6.pk, "step": other.first().domain.slug}
    )
    assert "Add the supervision audit." not in client.get(elsewhere).content.decode()


def test_the_council_replies_to_the_return_comment_in_the_whole_submission_thread(
    client, reviewed_cohort, reviewer, council_lead, round_6
):
    decide(reviewer, reviewed_cohort, round_6, "returned", "Say how MI practice is observed.")
    client.force_login(council_lead)
    client.post(reply_url(round_6), {"thread": "submission", "body": "Added in section 2."})
    (thread,) = selectors.review_threads(round_6)
    assert [(e.heading, e.body) for e in thread.entries] == [
        ("Returned for changes", "Say how MI practice is observed."),
        ("Reply", "Added in section 2."),
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("   ", "Enter your comment"),
        ("x" * (REVIEW_TEXT_MAX_LENGTH + 1), "Your comment must be 5000 characters or fewer"),
    ],
)
def test_an_empty_or_over_long_comment_is_refused_and_kept_on_the_page(
    client, reviewed_cohort, reviewer, round_6, body, message
):
    client.force_login(reviewer)
    response = client.post(
        review_url(reviewed_cohort, round_6, "comment"), {"thread": "submission", "body": body}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content and message in content
    assert content.count(message) == 2  # the summary and the field
    assert response.context["comment_form"]["body"].value() == body
    assert not ReviewComment.objects.exists()
    with pytest.raises(services.ReviewTextError, match=message):
        services.comment_on_submission(
            reviewer=reviewer, cohort=reviewed_cohort, assessment=round_6, indicator=None, body=body
        )


@pytest.mark.parametrize(
    ("body", "message"),
    [("", "Enter your reply"), ("x" * 5001, "Your reply must be 5000 characters or fewer")],
)
def test_an_empty_or_over_long_reply_is_refused_and_kept_on_the_page(
    client, reviewed_cohort, reviewer, council_lead, round_6, body, message
):
    decide(reviewer, reviewed_cohort, round_6, "returned", "Check MI.")
    client.force_login(council_lead)
    response = client.post(reply_url(round_6), {"thread": "submission", "body": body})
    content = response.content.decode()
    assert response.status_code == 200 and message in content
    assert '<a href="#reply-submission-body">' in content  # the summary leads to the box
    assert ReviewComment.objects.count() == 0


def test_a_reply_to_another_councils_thread_or_to_no_thread_is_a_404(
    client, reviewed_cohort, reviewer, round_6
):
    indicator = first_indicator(round_6)
    services.comment_on_submission(
        reviewer=reviewer, cohort=reviewed_cohort, assessment=round_6, indicator=None, body="Hm."
    )
    other_lead = UserFactory(username="lead-2")  # Council 002's lead, in the same cohort
    client.force_login(other_lead)
    refused = client.post(reply_url(round_6), {"thread": "submission", "body": "Not ours."})
    assert refused.status_code == 404
    client.force_login(round_6.submitted_by)
    # No comment on this indicator yet, and no indicator of that name at all.
    assert (
        client.post(reply_url(round_6), {"thread": indicator.slug, "body": "Hi"}).status_code == 404
    )
    assert client.post(reply_url(round_6), {"thread": "nope", "body": "Hi"}).status_code == 404
    assert ReviewComment.objects.count() == 1
    with pytest.raises(services.NoSuchThread):
        services.reply_to_thread(
            user=round_6.submitted_by, assessment=round_6, indicator=indicator, body="Hi"
        )


def test_comments_on_a_round_that_is_not_yours_to_see_are_404s(
    client, reviewed_cohort, reviewer, other_reviewer, round_6
):
    client.force_login(other_reviewer)
    url = review_url(reviewed_cohort, round_6, "comment")
    assert client.post(url, {"thread": "submission", "body": "Hello"}).status_code == 404
    elsewhere = other_reviewer.reviewed_cohorts.get()
    assert (
        client.post(
            review_url(elsewhere, round_6, "comment"), {"thread": "submission", "body": "Hello"}
        ).status_code
        == 404
    )
    lead_2 = UserFactory(username="lead-2")
    draft = fidelity_services.start_assessment(
        user=lead_2, authority=lead_2.memberships.get().authority, round=6
    )
    client.force_login(reviewer)
    refused = client.post(
        review_url(reviewed_cohort, draft, "comment"), {"thread": "submission", "body": "Hi"}
    )
    assert refused.status_code == 404
    assert not ReviewComment.objects.exists()
    with pytest.raises(PermissionDenied):
        services.comment_on_submission(
            reviewer=other_reviewer,
            cohort=reviewed_cohort,
            assessment=round_6,
            indicator=None,
            body="Hi",
        )


# Reopening ----------------------------------------------------------------------------------


def test_a_reviewer_reopens_their_own_decision_and_the_reason_is_kept(
    client, reviewed_cohort, reviewer, council_lead, round_6
):
    decision = decide(reviewer, reviewed_cohort, round_6, "validated")
    client.force_login(reviewer)
    page = client.get(review_url(reviewed_cohort, round_6))
    url = review_url(reviewed_cohort, round_6, "reopen", decision_pk=decision.pk)
    assert f'href="{url}"' in page.content.decode()
    assert client.get(url).status_code == 200
    refused = client.post(url, {"reason": "  "})
    assert "Enter your reason for reopening the decision" in refused.content.decode()
    assert Assessment.objects.get(pk=round_6.pk).status == AssessmentStatus.VALIDATED

    done = client.post(url, {"reason": "I validated before reading the new evidence."})
    assert done.status_code == 302
    assert Assessment.objects.get(pk=round_6.pk).status == AssessmentStatus.SUBMITTED
    reopening = DecisionReopening.objects.get(decision=decision)
    assert reopening.reason == "I validated before reading the new evidence."
    assert reopening.reopened_by == reviewer
    assert round_6.audit_events.filter(action="decision-reopened").exists()
    assert Notification.objects.filter(recipient=council_lead, kind="decision-reopened").exists()
    # The decision and the reason stay in the round's review; it can be decided again.
    entries = selectors.review_threads(round_6)[0].entries
    assert [e.heading for e in entries] == ["Validated", "Decision reopened"]
    decide(reviewer, reviewed_cohort, round_6, "returned", "Add the audit.")
    assert Assessment.objects.get(pk=round_6.pk).status == AssessmentStatus.RETURNED
    # A reopened decision cannot be reopened again.
    assert client.post(url, {"reason": "Again"}).status_code == 200
    assert DecisionReopening.objects.count() == 1


def test_someone_elses_decision_cannot_be_reopened(client, reviewed_cohort, reviewer, round_6):
    colleague = UserFactory(username="second-reviewer")
    reviewed_cohort.reviewers.add(colleague)
    decision = decide(reviewer, reviewed_cohort, round_6, "validated")
    url = review_url(reviewed_cohort, round_6, "reopen", decision_pk=decision.pk)
    client.force_login(colleague)
    assert (
        "Reopen your decision"
        not in client.get(review_url(reviewed_cohort, round_6)).content.decode()
    )
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "I disagree."}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.reopen_decision(
            reviewer=colleague, cohort=reviewed_cohort, decision=decision, reason="I disagree."
        )
    assert Assessment.objects.get(pk=round_6.pk).status == AssessmentStatus.VALIDATED
    assert not DecisionReopening.objects.exists()


def test_a_return_is_reopened_only_while_the_council_has_changed_nothing(
    client, reviewed_cohort, reviewer, round_6
):
    decision = decide(reviewer, reviewed_cohort, round_6, "returned", "Check MI.")
    answer = Answer.objects.filter(assessment=round_6).first()
    answer.evidence_note = "A new note"
    answer.save()
    url = review_url(reviewed_cohort, round_6, "reopen", decision_pk=decision.pk)
    client.force_login(reviewer)
    refused = client.post(url, {"reason": "Returned by mistake."})
    assert "has changed its answers since you returned the round" in refused.content.decode()
    assert Assessment.objects.get(pk=round_6.pk).status == AssessmentStatus.RETURNED
    answer.evidence_note = ReturnSnapshot.objects.get(decision=decision).answers[
        answer.indicator.slug
    ][1]
    answer.save()
    assert client.post(url, {"reason": "Returned by mistake."}).status_code == 302
    assert Assessment.objects.get(pk=round_6.pk).status == AssessmentStatus.SUBMITTED


def test_a_return_made_before_answers_were_kept_is_not_reopened(
    client, reviewed_cohort, reviewer, round_6
):
    decision = decide(reviewer, reviewed_cohort, round_6, "returned", "Check MI.")
    ReturnSnapshot.objects.filter(decision=decision).delete()
    with pytest.raises(fidelity_services.AssessmentError, match="cannot be told"):
        services.reopen_decision(
            reviewer=reviewer, cohort=reviewed_cohort, decision=decision, reason="Mistake."
        )
    assert Assessment.objects.get(pk=round_6.pk).status == AssessmentStatus.RETURNED


def test_a_return_cannot_be_reopened_once_the_council_resubmits(
    client, reviewed_cohort, reviewer, council_lead, round_6
):
    decision = decide(reviewer, reviewed_cohort, round_6, "returned", "Check MI.")
    fidelity_services.submit_assessment(assessment=round_6, user=council_lead, declaration=True)
    client.force_login(reviewer)
    url = review_url(reviewed_cohort, round_6, "reopen", decision_pk=decision.pk)
    refused = client.post(url, {"reason": "Too late?"})
    assert "can no longer be reopened" in refused.content.decode()
    assert not DecisionReopening.objects.exists()


# Returned rounds on the overview ------------------------------------------------------------


def test_a_returned_round_stays_on_the_overview_with_its_date_and_comment(
    client, reviewed_cohort, reviewer, round_6
):
    decision = decide(reviewer, reviewed_cohort, round_6, "returned", "Say how MI is observed.")
    client.force_login(reviewer)
    response = client.get(reverse("review:overview", kwargs={"cohort_pk": reviewed_cohort.pk}))
    row = next(r for r in response.context["rows"] if r["council"] == "Council 001")
    (returned,) = row["returned"]
    assert returned.assessment_id == round_6.pk and returned.comment == "Say how MI is observed."
    assert returned.returned_at == decision.created_at
    content = response.content.decode()
    link = review_url(reviewed_cohort, round_6)
    assert f'href="{link}"' in content and "Say how MI is observed." in content
    assert ">Returned</strong>" in content
    assert client.get(link).status_code == 200


# What a resubmission changed ----------------------------------------------------------------


def test_answer_changes_lists_every_changed_answer_and_note_before_and_after(framework):
    indicators = list(Indicator.objects.filter(framework=framework).select_related("domain")[:3])
    first, second, third = indicators
    context_before = {
        name: value.isoformat() if isinstance(value, datetime.date) else value
        for name, value in CONTEXT.items()
    }
    before = {
        "answers": {first.slug: ["1", "Plan only"], second.slug: ["2", "Audit"]},
        "context": context_before,
    }
    after = {
        "answers": {
            first.slug: ["2", "Plan and audit"],
            second.slug: ["2", "Audit"],
            third.slug: ["0", ""],
        },
        "context": context_before | {"teams": 7},
    }
    changes = selectors.answer_changes(indicators=indicators, before=before, after=after)
    assert [
        (c.question, c.before_answer, c.before_note, c.after_answer, c.after_note) for c in changes
    ] == [
        ("Family Safeguarding teams", "6", "", "7", ""),
        (first.title, "1: partially in place", "Plan only", "2: fully in place", "Plan and audit"),
        (third.title, "Not answered", "", "0: not in place", ""),
    ]
    assert changes[1].section == first.domain.title
    assert selectors.answer_changes(indicators=indicators, before=before, after=before) == []


def test_a_resubmission_shows_what_changed_since_the_return(
    client, reviewed_cohort, reviewer, council_lead, round_6
):
    decide(reviewer, reviewed_cohort, round_6, "returned", "Check MI.")
    indicator = first_indicator(round_6)
    Answer.objects.filter(assessment=round_6, indicator=indicator).update(
        level="1", evidence_note="Observed twice a year"
    )
    fidelity_services.submit_assessment(assessment=round_6, user=council_lead, declaration=True)
    client.force_login(reviewer)
    response = client.get(review_url(reviewed_cohort, round_6))
    (change,) = response.context["changes"].changes
    assert (change.question, change.before_answer, change.after_answer) == (
        indicator.title,
        "2: fully in place",
        "1: partially in place",
    )
    assert change.before_note == f"Evidence for {indicator.title}"
    assert change.after_note == "Observed twice a year"
    content = response.content.decode()
    assert "Changes since it was returned" in content and "Observed twice a year" in content


def test_a_round_never_returned_shows_no_changes(client, reviewed_cohort, reviewer, round_6):
    client.force_login(reviewer)
    response = client.get(review_url(reviewed_cohort, round_6))
    assert response.context["changes"] is None
    assert "Changes since it was returned" not in response.content.decode()


# Query counts -------------------------------------------------------------------------------


def comment_everywhere(cohort, reviewer, lead, assessment, count):
    for indicator in Indicator.objects.filter(framework=assessment.framework)[:count]:
        services.comment_on_submission(
            reviewer=reviewer, cohort=cohort, assessment=assessment, indicator=indicator, body="?"
        )
        services.reply_to_thread(user=lead, assessment=assessment, indicator=indicator, body="!")


def test_review_pages_run_a_fixed_number_of_queries_however_many_threads(
    client, reviewed_cohort, reviewer, council_lead, round_6, django_assert_max_num_queries
):
    comment_everywhere(reviewed_cohort, reviewer, council_lead, round_6, 2)
    decide(reviewer, reviewed_cohort, round_6, "returned", "See the comments.")
    pages = {
        reviewer: review_url(reviewed_cohort, round_6),
        council_lead: threads_url(round_6),
    }
    counts = {}
    for user, url in pages.items():
        client.force_login(user)
        client.get(url)  # the navigation is cached on first use
        with django_assert_max_num_queries(40) as few:
            assert client.get(url).status_code == 200
        counts[url] = len(few)
    comment_everywhere(reviewed_cohort, reviewer, council_lead, round_6, 12)
    for user, url in pages.items():
        client.force_login(user)
        client.get(url)
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200
