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
from cohorts.models import (
    Cohort,
    DecisionReopening,
    Milestone,
    MilestoneEntry,
    ReturnSnapshot,
    ReviewComment,
    ReviewerToken,
)
from cohorts.notices import (
    tell_council_of_comment,
    tell_council_of_decision,
    tell_council_of_reopening,
    tell_reviewers_of_reply,
)
from cohorts.permissions import check_reviewer, is_reviewer
from cohorts.rules import milestone_problems, review_text_problem
from cohorts.selectors import answers_snapshot, programme_start, reopenable_decision
from core.conflicts import EditConflict
from core.dates import govuk_date, govuk_datetime
from fidelity.choices import REVIEWABLE_STATUSES, AssessmentStatus, ReviewOutcome
from fidelity.models import Assessment, Indicator, ReviewDecision
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
    if not validated:  # what the resubmission will be compared with
        ReturnSnapshot.objects.create(decision=decision, **answers_snapshot(locked))
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


class ReviewTextError(AssessmentError):
    """A comment, reply or reason that is empty or too long; nothing was recorded."""


class NoSuchThread(AssessmentError):
    """A reply to a thread the round does not have; nothing was recorded."""


def _review_text(text: str, *, what: str) -> str:
    problem = review_text_problem(text, what=what)
    if problem:
        raise ReviewTextError(problem)
    return text.strip()


def _where(indicator: Indicator | None) -> str:
    return "the whole submission" if indicator is None else f"‘{indicator.title}’"


@transaction.atomic
def comment_on_submission(
    *, reviewer, cohort: Cohort, assessment: Assessment, indicator: Indicator | None, body: str
) -> ReviewComment:
    """A reviewer of the cohort comments on one indicator of a round, or on the whole
    submission (``indicator`` None): the comment starts that thread or adds to it."""
    check_reviewer(user=reviewer, cohort=cohort, authority=assessment.authority_id)
    if assessment.status not in REVIEWABLE_STATUSES:
        raise AssessmentError("Only a submitted or returned assessment can be commented on.")
    if indicator is not None and indicator.framework_id != assessment.framework_id:
        raise NoSuchThread("This assessment has no such indicator.")
    comment = ReviewComment.objects.create(
        assessment=assessment,
        indicator=indicator,
        author=reviewer,
        by_reviewer=True,
        body=_review_text(body, what="comment"),
    )
    audit(
        authority=assessment.authority_id,
        subject=assessment,
        user=reviewer,
        action=AuditAction.REVIEW_COMMENTED,
        detail=f"On {_where(indicator)}: {comment.body}",
    )
    tell_council_of_comment(comment)
    return comment


@transaction.atomic
def reply_to_thread(
    *, user, assessment: Assessment, indicator: Indicator | None, body: str
) -> ReviewComment:
    """A member of the council replies in a thread of its round's review: one the reviewer
    started on the indicator, or on the whole submission (``indicator`` None), which a
    decision starts too."""
    check_member(user=user, authority=assessment.authority_id)
    thread = ReviewComment.objects.filter(assessment=assessment, indicator=indicator)
    started = thread.filter(by_reviewer=True).exists() or (
        indicator is None and assessment.review_decisions.exists()
    )
    if not started:
        raise NoSuchThread("Your reviewer has not commented on this yet.")
    comment = ReviewComment.objects.create(
        assessment=assessment,
        indicator=indicator,
        author=user,
        by_reviewer=False,
        body=_review_text(body, what="reply"),
    )
    audit(
        authority=assessment.authority_id,
        subject=assessment,
        user=user,
        action=AuditAction.REVIEW_REPLIED,
        detail=f"On {_where(indicator)}: {comment.body}",
    )
    tell_reviewers_of_reply(comment)
    return comment


@transaction.atomic
def reopen_decision(
    *, reviewer, cohort: Cohort, decision: ReviewDecision, reason: str
) -> DecisionReopening:
    """A reviewer takes back their own latest decision on a round, saying why: the round is
    submitted again, for them or another reviewer to decide. A return is reopened only while
    the council has changed nothing, so the scores stored at submission still stand."""
    locked = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("authority")
        .get(pk=decision.assessment_id)
    )
    check_reviewer(user=reviewer, cohort=cohort, authority=locked.authority_id)
    if decision.reviewer_id != reviewer.pk:
        raise PermissionDenied("Only the reviewer who made a decision can reopen it.")
    reason = _review_text(reason, what="reason for reopening the decision")
    decisions = list(locked.review_decisions.select_related("reopening"))
    if reopenable_decision(assessment=locked, user=reviewer, decisions=decisions) != decision:
        raise AssessmentError(
            "This decision can no longer be reopened: the round has been decided, reopened "
            "or submitted again since."
        )
    if decision.outcome == ReviewOutcome.RETURNED:
        snapshot = ReturnSnapshot.objects.filter(decision=decision).first()
        if snapshot is None:
            raise AssessmentError(
                "This round was returned before the answers at a return were kept, so whether "
                f"{locked.authority} has changed them cannot be told. Decide on the round once it "
                "is submitted again."
            )
        if answers_snapshot(locked) != {"answers": snapshot.answers, "context": snapshot.context}:
            raise AssessmentError(
                f"{locked.authority} has changed its answers since you returned the round, so "
                "the decision cannot be reopened. Decide on the round once it is submitted again."
            )
    reopening = DecisionReopening.objects.create(
        decision=decision, reopened_by=reviewer, reason=reason
    )
    locked.status = AssessmentStatus.SUBMITTED
    locked.save(update_fields=["status"])
    audit(
        authority=locked.authority_id,
        subject=locked,
        user=reviewer,
        action=AuditAction.DECISION_REOPENED,
        detail=f"{decision.get_outcome_display()} decision reopened: {reason}",
    )
    tell_council_of_reopening(reopening)
    return reopening


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
