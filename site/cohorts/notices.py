"""Who is told what about reviews: reviewers of a submission, a council of its decision."""

from django.urls import reverse

from authorities.choices import MembershipRole
from cohorts.models import Cohort, DecisionReopening, ReviewComment
from fidelity.choices import ReviewOutcome
from fidelity.models import Assessment, ReviewDecision
from notifications.choices import NotificationKind
from notifications.services import notify


def tell_reviewers_of_submission(sender, *, assessment: Assessment, user, **kwargs) -> None:
    """Connected to fidelity.signals.assessment_submitted: each cohort's reviewers are told once."""
    told = set()
    cohorts = Cohort.objects.filter(councils=assessment.authority_id).prefetch_related("reviewers")
    for cohort in cohorts:
        reviewers = [r for r in cohort.reviewers.all() if r.pk not in told]
        told.update(r.pk for r in reviewers)
        notify(
            recipients=reviewers,
            kind=NotificationKind.SUBMITTED,
            subject=f"{assessment} has been submitted for review",
            body=(
                f"{assessment.authority} has submitted its "
                f"{assessment.get_round_display().lower()} self-assessment. It is waiting for "
                "your decision: validate it or return it with a comment."
            ),
            link=reverse("review:assessment", args=[cohort.pk, assessment.pk]),
        )


def _council_recipients(assessment: Assessment) -> set:
    """Who hears of a round's review: the council's leads and whoever submitted the round."""
    recipients = {
        membership.user
        for membership in assessment.authority.memberships.filter(
            role=MembershipRole.LEAD
        ).select_related("user")
    }
    if assessment.submitted_by is not None:
        recipients.add(assessment.submitted_by)
    return recipients


def tell_council_of_decision(decision: ReviewDecision) -> None:
    """The council's leads and whoever submitted are told the outcome, with the comment."""
    assessment = decision.assessment
    recipients = _council_recipients(assessment)
    returned = decision.outcome == ReviewOutcome.RETURNED
    verdict = "returned for changes" if returned else "validated"
    comment = f"\n\nThe reviewer's comment:\n{decision.comment}" if decision.comment else ""
    notify(
        recipients=recipients,
        kind=NotificationKind.RETURNED if returned else NotificationKind.VALIDATED,
        subject=f"{assessment} has been {verdict}",
        body=f"A reviewer has {verdict} {assessment.authority}'s "
        f"{assessment.get_round_display().lower()} self-assessment.{comment}",
        link=reverse(
            "fidelity:task_list" if returned else "fidelity:results", args=[assessment.pk]
        ),
    )


def _where(comment: ReviewComment) -> str:
    return "the whole submission" if comment.indicator is None else f"‘{comment.indicator.title}’"


def tell_council_of_comment(comment: ReviewComment) -> None:
    """The council's leads and whoever submitted are told of a reviewer's comment, with it."""
    assessment = comment.assessment
    notify(
        recipients=_council_recipients(assessment),
        kind=NotificationKind.REVIEW_COMMENT,
        subject=f"Your reviewer has commented on {assessment}",
        body=f"A reviewer has commented on {_where(comment)} in {assessment.authority}'s "
        f"{assessment.get_round_display().lower()} self-assessment:\n\n{comment.body}",
        link=reverse("council_review:threads", args=[assessment.pk]),
    )


def tell_reviewers_of_reply(comment: ReviewComment) -> None:
    """The reviewers of each cohort the council is in are told of its reply, once each."""
    assessment = comment.assessment
    told = set()
    cohorts = Cohort.objects.filter(councils=assessment.authority_id).prefetch_related("reviewers")
    for cohort in cohorts:
        reviewers = [r for r in cohort.reviewers.all() if r.pk not in told]
        told.update(r.pk for r in reviewers)
        notify(
            recipients=reviewers,
            kind=NotificationKind.REVIEW_COMMENT,
            subject=f"{assessment.authority} has replied about {assessment}",
            body=f"{assessment.authority} has replied about {_where(comment)} in its "
            f"{assessment.get_round_display().lower()} self-assessment:\n\n{comment.body}",
            link=reverse("review:assessment", args=[cohort.pk, assessment.pk]),
        )


def tell_council_of_reopening(reopening: DecisionReopening) -> None:
    """The council is told its round is waiting for a decision again, and why."""
    decision = reopening.decision
    assessment = decision.assessment
    notify(
        recipients=_council_recipients(assessment),
        kind=NotificationKind.DECISION_REOPENED,
        subject=f"The review of {assessment} has been reopened",
        body=f"A reviewer has reopened their decision ({decision.get_outcome_display().lower()}) "
        f"on {assessment.authority}'s {assessment.get_round_display().lower()} self-assessment. "
        f"It is waiting for a decision again. Their reason:\n\n{reopening.reason}",
        link=reverse("fidelity:results", args=[assessment.pk]),
    )
