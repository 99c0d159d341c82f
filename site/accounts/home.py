"""What a signed-in person's home shows: their councils' work and their cohorts' waiting work."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from authorities.choices import MembershipRole
from authorities.models import Membership
from cohorts.due_dates import LateRound, due_dates_for, overdue_councils
from cohorts.models import Cohort, MilestoneEntry
from cohorts.permissions import cohorts_for
from fidelity.choices import (
    SUBMITTED_STATUSES,
    ActionStatus,
    AssessmentRound,
    AssessmentStatus,
)
from fidelity.models import Assessment, PlannedAction
from outcomes.models import LocalReturn
from outcomes.returns import quarter_label, quarter_start

ACTION_HORIZON_DAYS = 30


@dataclass
class CouncilHome:
    membership: Membership
    current: Assessment | None
    current_due: datetime.date | None
    next_round: tuple[str, datetime.date] | None
    actions: list[PlannedAction]
    late_milestones: list[MilestoneEntry]
    missing_return: str | None
    waiting: list[str] = field(default_factory=list)


@dataclass
class CohortHome:
    cohort: Cohort
    waiting: list[Assessment]
    overdue: list[LateRound]


def council_homes(*, user, today: datetime.date | None = None) -> list[CouncilHome]:
    today = today or timezone.localdate()
    homes = []
    for membership in Membership.objects.filter(user=user).select_related("authority"):
        authority = membership.authority
        rounds = list(
            Assessment.objects.filter(authority=authority)
            .select_related("ready_for_sign_off_by")
            .order_by("-round")
        )
        current = rounds[0] if rounds else None
        due_dates = due_dates_for(authority)
        done = {a.round for a in rounds}
        upcoming = sorted((r, d) for r, d in due_dates.items() if r not in done)
        next_round = None
        if upcoming and (current is None or current.status in SUBMITTED_STATUSES):
            round_number, due = upcoming[0]
            next_round = (AssessmentRound(round_number).label, due)
        actions = list(
            PlannedAction.objects.filter(
                assessment__authority=authority,
                assessment__status__in=SUBMITTED_STATUSES,
                due_date__lte=today + datetime.timedelta(days=ACTION_HORIZON_DAYS),
            )
            .exclude(status=ActionStatus.DONE)
            # An earlier round's action that carried over is listed once, from the later round.
            .filter(closed_in__isnull=True, carried_to__isnull=True)
            .select_related("indicator", "assessment")
            .order_by("due_date")
        )
        late = [
            entry
            for entry in MilestoneEntry.objects.filter(authority=authority).select_related(
                "milestone"
            )
            if entry.is_late(today)
        ]
        last_quarter = quarter_start(quarter_start(today) - datetime.timedelta(days=1))
        has_return = LocalReturn.objects.filter(authority=authority, quarter=last_quarter).exists()
        waiting = []
        if current is not None and current.status == AssessmentStatus.RETURNED:
            waiting.append("returned")
        if (
            current is not None
            and current.is_editable
            and current.ready_for_sign_off_at
            and membership.role == MembershipRole.LEAD
        ):
            waiting.append("sign-off")
        homes.append(
            CouncilHome(
                membership=membership,
                current=current,
                current_due=due_dates.get(current.round) if current else None,
                next_round=next_round,
                actions=actions,
                late_milestones=late,
                missing_return=None if has_return else quarter_label(last_quarter),
                waiting=waiting,
            )
        )
    return homes


def cohort_homes(*, user, today: datetime.date | None = None) -> list[CohortHome]:
    homes = []
    for cohort in cohorts_for(user=user).prefetch_related("rounds", "councils"):
        waiting = list(
            Assessment.objects.filter(
                authority__in=cohort.councils.all(), status=AssessmentStatus.SUBMITTED
            )
            .select_related("authority")
            .order_by("submitted_at")
        )
        homes.append(
            CohortHome(cohort=cohort, waiting=waiting, overdue=overdue_councils(cohort, today))
        )
    return homes
