"""Writes for milestones, reviews and API tokens. Each checks its scope, then leaves an audit event."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from authorities.choices import AuditAction
from authorities.models import Authority
from authorities.permissions import check_member
from authorities.services import audit
from cohorts.choices import DEFAULT_TOKEN_LIFETIME, TokenLifetime
from cohorts.models import Cohort, Milestone, MilestoneEntry, ReviewerToken
from cohorts.notices import tell_council_of_decision
from cohorts.permissions import check_reviewer, is_reviewer
from cohorts.rules import milestone_problems
from cohorts.selectors import programme_start
from core.conflicts import EditConflict
from core.dates import govuk_date, govuk_datetime
from fidelity.choices import AssessmentStatus, ReviewOutcome
from fidelity.models import Assessment, ReviewDecision
from fidelity.selectors import person
from fidelity.services import AssessmentError


class MilestoneError(Exception):
    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(problems.values()))


class MilestoneConflict(EditConflict):
    """Someone saved the milestone after the form was drawn; nothing was saved."""

    def __init__(self, entry: MilestoneEntry):
        self.entry = entry
        super().__init__(
            what="this milestone",
            revision=entry.revision,
            saved_by=person(entry.updated_by) if entry.updated_by else None,
            saved_at=entry.updated_at,
            theirs={
                "target_date": entry.target_date,
                "actual_date": entry.actual_date,
                "status": entry.status,
                "note": entry.note,
            },
        )


@transaction.atomic
def update_milestone(
    *,
    user,
    authority: Authority,
    milestone: Milestone,
    base_revision: int,
    target_date: datetime.date | None,
    actual_date: datetime.date | None,
    status: str,
    note: str,
) -> MilestoneEntry:
    """A council member changes one milestone of their own council's plan, if nobody saved it
    since ``base_revision`` (0 for a milestone not yet in the plan): MilestoneConflict if they
    did."""
    check_member(user=user, authority=authority)
    # Only this row is locked: PostgreSQL locks no nullable side of an outer join.
    entry = (
        MilestoneEntry.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(authority=authority, milestone=milestone)
        .first()
    )
    if (entry.revision if entry else 0) != base_revision:
        # A form drawn from a revision the plan no longer holds meets an empty milestone.
        raise MilestoneConflict(
            entry or MilestoneEntry(authority=authority, milestone=milestone, revision=0)
        )
    problems = milestone_problems(
        target_date=target_date,
        actual_date=actual_date,
        status=status,
        programme_start=programme_start(authority),
        today=timezone.localdate(),
    )
    if problems:
        raise MilestoneError(problems)
    values = {
        "target_date": target_date,
        "actual_date": actual_date,
        "status": status,
        "note": note.strip(),
        "updated_by": user,
    }
    if entry is None:
        try:
            with transaction.atomic():
                entry = MilestoneEntry.objects.create(
                    authority=authority, milestone=milestone, revision=1, **values
                )
        except IntegrityError:  # another member added it to the plan a moment ago
            raise MilestoneConflict(
                MilestoneEntry.objects.select_related("updated_by").get(
                    authority=authority, milestone=milestone
                )
            ) from None
    else:
        for field, value in values.items():
            setattr(entry, field, value)
        entry.revision += 1
        entry.save()
    audit(
        authority=authority,
        user=user,
        action=AuditAction.MILESTONE_UPDATED,
        detail=(
            f"{milestone.title}: {entry.get_status_display()}; target "
            f"{govuk_date(target_date) or 'not set'}, actual {govuk_date(actual_date) or 'not set'}"
        ),
    )
    return entry


class SubmissionChanged(AssessmentError):
    """The submission changed after the reviewer's page was drawn: the council resubmitted it,
    or another reviewer decided it. Nothing was recorded; ``assessment`` is as it stands now."""

    def __init__(self, message: str, *, assessment: Assessment):
        self.assessment = assessment
        super().__init__(message)


@transaction.atomic
def review_submission(
    *,
    reviewer,
    cohort: Cohort,
    assessment: Assessment,
    submitted_at: datetime.datetime,
    outcome: str,
    comment: str,
) -> ReviewDecision:
    """A reviewer of the cohort validates a council's submission or returns it with a comment
    saying what to change; the council may then change and resubmit a returned one.

    ``submitted_at`` is the submission's time as the reviewer's page showed it: a decision is
    recorded only on the submission the reviewer read, never on a later one (a resubmission
    gets a new time) nor over another reviewer's decision (SubmissionChanged)."""
    check_reviewer(user=reviewer, cohort=cohort, authority=assessment.authority_id)
    # Only this row is locked: PostgreSQL locks no nullable side of an outer join.
    locked = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("authority", "framework", "submitted_by")
        .get(pk=assessment.pk)
    )
    if locked.status in (AssessmentStatus.VALIDATED, AssessmentStatus.RETURNED):
        latest = locked.review_decisions.select_related("reviewer").first()
        by = person(latest.reviewer) if latest else "Another reviewer"
        when = f" at {govuk_datetime(latest.created_at)}" if latest else ""
        raise SubmissionChanged(
            f"{by} {'validated' if locked.status == AssessmentStatus.VALIDATED else 'returned'} "
            f"this submission{when}, after you opened it. Your decision has not been recorded.",
            assessment=locked,
        )
    if locked.status != AssessmentStatus.SUBMITTED:
        raise AssessmentError(
            "Only a submitted assessment can be reviewed; this one is "
            f"{locked.get_status_display().lower()}."
        )
    if locked.submitted_at != submitted_at:
        raise SubmissionChanged(
            f"This submission changed after you opened it: {locked.authority} resubmitted it at "
            f"{govuk_datetime(locked.submitted_at)}. Your decision has not been recorded. "
            "Check the current answers and decide again.",
            assessment=locked,
        )
    comment = comment.strip()
    if outcome == ReviewOutcome.RETURNED and not comment:
        raise AssessmentError("Enter a comment saying what the council should change.")
    decision = ReviewDecision.objects.create(
        assessment=locked, reviewer=reviewer, outcome=outcome, comment=comment
    )
    validated = outcome == ReviewOutcome.VALIDATED
    locked.status = AssessmentStatus.VALIDATED if validated else AssessmentStatus.RETURNED
    locked.save(update_fields=["status"])
    audit(
        authority=locked.authority_id,
        subject=locked,
        user=reviewer,
        action=AuditAction.VALIDATED if validated else AuditAction.RETURNED,
        detail=comment,
    )
    tell_council_of_decision(decision)
    return decision


def create_reviewer_token(
    *, user, name: str, lifetime_days: int = DEFAULT_TOKEN_LIFETIME
) -> tuple[ReviewerToken, str]:
    """A new token for a reviewer, working for ``lifetime_days``; the key is returned once and
    only its hash is kept."""
    if not is_reviewer(user=user):
        raise PermissionDenied("Only reviewers can have API tokens.")
    if lifetime_days not in TokenLifetime.values:
        raise ValueError(f"A token lasts one of {TokenLifetime.values} days, not {lifetime_days}.")
    key = ReviewerToken.new_key()
    token = ReviewerToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=key[:8],
        key_hash=ReviewerToken.hash_key(key),
        expires_at=timezone.now() + datetime.timedelta(days=lifetime_days),
    )
    return token, key


def revoke_reviewer_token(*, user, token_id: int) -> ReviewerToken:
    token = ReviewerToken.objects.get(pk=token_id, user=user)  # another user's token: DoesNotExist
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
