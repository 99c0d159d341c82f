"""Round due dates: which councils are late, and the reminders sent before and after."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from authorities.models import Authority
from cohorts.models import Cohort, CohortRound
from core.dates import govuk_date
from fidelity.choices import SUBMITTED_STATUSES
from fidelity.models import Assessment
from notifications.choices import NotificationKind
from notifications.services import notify

REMINDER_DAYS = 14


@dataclass(frozen=True)
class LateRound:
    authority: Authority
    cohort_round: CohortRound


def _submitted_pairs(authority_ids, rounds) -> set[tuple[int, int]]:
    return set(
        Assessment.objects.filter(
            authority_id__in=authority_ids, round__in=rounds, status__in=SUBMITTED_STATUSES
        ).values_list("authority_id", "round")
    )


def missing_rounds(
    cohort_rounds: list[CohortRound], councils: list[Authority], submitted: set[tuple[int, int]]
) -> list[LateRound]:
    """Each council with no (authority id, round) in ``submitted`` for each of ``cohort_rounds``."""
    return [
        LateRound(authority=council, cohort_round=cohort_round)
        for cohort_round in cohort_rounds
        for council in councils
        if (council.pk, cohort_round.round) not in submitted
    ]


def unsubmitted(cohort_rounds: list[CohortRound], councils: list[Authority]) -> list[LateRound]:
    """Each council with no submitted (or validated) assessment for each of ``cohort_rounds``."""
    done = _submitted_pairs([c.pk for c in councils], {r.round for r in cohort_rounds})
    return missing_rounds(cohort_rounds, councils, done)


def past_due(cohort_rounds: list[CohortRound], today: datetime.date) -> list[CohortRound]:
    return [r for r in cohort_rounds if r.due_date < today]


def overdue_councils(cohort: Cohort, today: datetime.date | None = None) -> list[LateRound]:
    today = today or timezone.localdate()
    return unsubmitted(past_due(cohort.rounds.all(), today), list(cohort.councils.all()))


def due_dates_for(authority: Authority) -> dict[int, datetime.date]:
    """Each round's due date for the council: the earliest any of its cohorts sets."""
    dates: dict[int, datetime.date] = {}
    for cohort_round in CohortRound.objects.filter(cohort__councils=authority):
        known = dates.get(cohort_round.round)
        if known is None or cohort_round.due_date < known:
            dates[cohort_round.round] = cohort_round.due_date
    return dates


def send_reminders(today: datetime.date | None = None) -> int:
    """Remind each late or nearly-due council's members once per round; returns how many."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REMINDER_DAYS)
    sent = 0
    for cohort in Cohort.objects.prefetch_related("rounds", "councils"):
        rounds = [r for r in cohort.rounds.all() if r.due_date <= horizon]
        for late in unsubmitted(rounds, list(cohort.councils.all())):
            sent += _remind(late, today)
    return sent


def _remind(late: LateRound, today: datetime.date) -> int:
    cohort_round = late.cohort_round
    overdue = cohort_round.due_date < today
    members = get_user_model().objects.filter(memberships__authority=late.authority)
    name = f"{late.authority}'s {cohort_round.get_round_display().lower()} self-assessment"
    due = govuk_date(cohort_round.due_date)
    kind = NotificationKind.ROUND_OVERDUE if overdue else NotificationKind.ROUND_DUE
    return len(
        notify(
            recipients=members,
            kind=kind,
            subject=f"{name} is overdue" if overdue else f"{name} is due on {due}",
            body=(
                f"{name} was due on {due} and has not been submitted."
                if overdue
                else f"{name} is due on {due}. It has not been submitted yet."
            ),
            link=reverse("fidelity:assessment_list"),
            once_key=f"{kind}:{cohort_round.pk}:{late.authority.pk}",
        )
    )
