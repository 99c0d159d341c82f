"""Who is told what about reviews: reviewers of a submission, a council of its decision."""

from django.urls import reverse

from authorities.choices import MembershipRole
from cohorts.models import Cohort
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


def tell_council_of_decision(decision: ReviewDecision) -> None:
    """The council's leads and whoever submitted are told the outcome, with the comment."""
    assessment = decision.assessment
    recipients = {
        membership.user
        for membership in assessment.authority.memberships.filter(
            role=MembershipRole.LEAD
        ).select_related("user")
    }
    if assessment.submitted_by is not None:
        recipients.add(assessment.submitted_by)
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
