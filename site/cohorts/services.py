"""Writes for milestones, reviews and API tokens. Each checks its scope, then leaves an audit event."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from authorities.models import Authority
from authorities.selectors import authorities_for
from cohorts.models import Cohort, Milestone, MilestoneEntry, ReviewerToken
from cohorts.rules import milestone_problems
from cohorts.selectors import cohorts_for, programme_start
from fidelity import services as fidelity_services
from fidelity.choices import AuditAction
from fidelity.models import Assessment, ReviewDecision


class MilestoneError(Exception):
    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(problems.values()))


@transaction.atomic
def update_milestone(
    *,
    user,
    authority: Authority,
    milestone: Milestone,
    target_date: datetime.date | None,
    actual_date: datetime.date | None,
    status: str,
    note: str,
) -> MilestoneEntry:
    """A council member changes one milestone of their own council's plan."""
    if not authorities_for(user=user).filter(pk=authority.pk).exists():
        raise PermissionDenied
    problems = milestone_problems(
        target_date=target_date,
        actual_date=actual_date,
        status=status,
        programme_start=programme_start(authority),
        today=timezone.localdate(),
    )
    if problems:
        raise MilestoneError(problems)
    entry, _ = MilestoneEntry.objects.update_or_create(
        authority=authority,
        milestone=milestone,
        defaults={
            "target_date": target_date,
            "actual_date": actual_date,
            "status": status,
            "note": note.strip(),
            "updated_by": user,
        },
    )
    fidelity_services.audit(
        authority=authority,
        user=user,
        action=AuditAction.MILESTONE_UPDATED,
        detail=(
            f"{milestone.title}: {entry.get_status_display()}; target "
            f"{target_date or 'not set'}, actual {actual_date or 'not set'}"
        ),
    )
    return entry


def review_submission(
    *, reviewer, cohort: Cohort, assessment: Assessment, outcome: str, comment: str
) -> ReviewDecision:
    """Validate or return a submission of a council in a cohort the reviewer is assigned to."""
    if not (
        cohorts_for(user=reviewer).filter(pk=cohort.pk).exists()
        and cohort.councils.filter(pk=assessment.authority_id).exists()
    ):
        raise PermissionDenied
    if authorities_for(user=reviewer).filter(pk=assessment.authority_id).exists():
        raise PermissionDenied("A member of the council cannot review its own submission.")
    return fidelity_services.record_review(
        assessment=assessment, reviewer=reviewer, outcome=outcome, comment=comment
    )


def create_reviewer_token(*, user, name: str) -> tuple[ReviewerToken, str]:
    """A new token for a reviewer; the key is returned once and only its hash is kept."""
    if not cohorts_for(user=user).exists():
        raise PermissionDenied("Only reviewers can have API tokens.")
    key = ReviewerToken.new_key()
    token = ReviewerToken.objects.create(
        user=user, name=name.strip(), prefix=key[:8], key_hash=ReviewerToken.hash_key(key)
    )
    return token, key


def revoke_reviewer_token(*, user, token_id: int) -> ReviewerToken:
    token = ReviewerToken.objects.get(pk=token_id, user=user)  # another user's token: DoesNotExist
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
