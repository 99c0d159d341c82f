"""Reads for milestones and cohorts, each through the scope that decides who may see what.

Council members see their own council's plan (authorities.selectors.authorities_for); reviewers
see the councils of the cohorts assigned to them, read-only. Staff and editors get nothing extra.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Min, QuerySet
from django.utils import timezone

from authorities.models import Authority
from cohorts.choices import ImplementationStage, MilestoneStatus
from cohorts.models import Cohort, Milestone, MilestoneEntry
from cohorts.stages import implementation_stage
from fidelity.choices import AssessmentStatus
from fidelity.models import Assessment

SUBMITTED = (AssessmentStatus.SUBMITTED, AssessmentStatus.VALIDATED)


def cohorts_for(*, user) -> QuerySet[Cohort]:
    """The cohorts ``user`` reviews."""
    if not user.is_authenticated:
        return Cohort.objects.none()
    return Cohort.objects.filter(reviewers=user)


def is_reviewer(*, user) -> bool:
    return cohorts_for(user=user).exists()


def reviewed_authorities(*, user) -> QuerySet[Authority]:
    """Councils whose data ``user`` may read as a reviewer."""
    return Authority.objects.filter(cohorts__in=cohorts_for(user=user)).distinct()


def programme_start(authority: Authority) -> datetime.date | None:
    """When the council's adoption programme started: its earliest cohort's start date."""
    return authority.cohorts.aggregate(start=Min("start_date"))["start"]


@dataclass(frozen=True)
class PlanRow:
    milestone: Milestone
    entry: MilestoneEntry | None
    late: bool

    @property
    def status(self) -> str:
        return self.entry.status if self.entry else MilestoneStatus.NOT_STARTED


@dataclass(frozen=True)
class MilestonePlan:
    authority: Authority
    rows: list[PlanRow]
    done: int
    late: int
    stage: ImplementationStage
    latest_band: str | None


def milestone_plan(authority: Authority, today: datetime.date | None = None) -> MilestonePlan:
    """The council's plan for every milestone of the template, with late and stage derived."""
    today = today or timezone.localdate()
    entries = {
        e.milestone_id: e
        for e in MilestoneEntry.objects.filter(authority=authority).select_related("updated_by")
    }
    rows = [
        PlanRow(m, entries.get(m.pk), bool(entries.get(m.pk) and entries[m.pk].is_late(today)))
        for m in Milestone.objects.all()
    ]
    latest = (
        Assessment.objects.filter(authority=authority, status__in=SUBMITTED)
        .order_by("-round")
        .values_list("scores", flat=True)
        .first()
    )
    band = latest.get("band") if latest else None
    done = {r.milestone.slug for r in rows if r.status == MilestoneStatus.DONE}
    return MilestonePlan(
        authority=authority,
        rows=rows,
        done=len(done),
        late=sum(r.late for r in rows),
        stage=implementation_stage(done=done, milestone_count=len(rows), latest_band=band),
        latest_band=band,
    )
