"""Reads for milestones and cohorts, each through the scope that decides who may see what.

Council members see their own council's plan (authorities.permissions); reviewers see the
councils of the cohorts assigned to them, read-only (cohorts.permissions). Staff and editors get
nothing extra.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Min, OuterRef, QuerySet, Subquery
from django.db.models.fields.json import KeyTransform
from django.http import Http404
from django.utils import timezone

import pandas as pd

from authorities.models import Authority
from cohorts import analysis
from cohorts.choices import MilestoneStatus
from cohorts.due_dates import missing_rounds, past_due
from cohorts.models import (
    AnswersExport,
    Cohort,
    CohortRound,
    Milestone,
    MilestoneEntry,
    ReturnSnapshot,
    ReviewComment,
)
from cohorts.permissions import cohorts_for
from cohorts.stages import implementation_stage
from core.choices import ImplementationStage
from fidelity import context
from fidelity.choices import (
    READABLE_STATUSES,
    SUBMITTED_STATUSES,
    AssessmentStatus,
    Level,
    ReviewOutcome,
)
from fidelity.models import Assessment, Domain, FrameworkVersion, Indicator, ReviewDecision
from fidelity.scoring import framework_spec, result_as_dict, score
from fidelity.selectors import person

SCORE_KEYS = ("overall", "band", "capped", "domains")


def cohort_for(*, user, pk: int) -> Cohort:
    """The cohort ``pk`` if ``user`` reviews it; 404 otherwise, whoever asks."""
    cohort = cohorts_for(user=user).filter(pk=pk).first()
    if cohort is None:
        raise Http404("No cohort of yours has this number.")
    return cohort


DEFAULT_ANSWERS_EXPORT_KEEP_HOURS = 24


def answers_export_keep() -> datetime.timedelta:
    """How long a prepared answers file is kept: ANSWERS_EXPORT_KEEP_HOURS, if set."""
    return datetime.timedelta(
        hours=getattr(settings, "ANSWERS_EXPORT_KEEP_HOURS", DEFAULT_ANSWERS_EXPORT_KEEP_HOURS)
    )


def answers_exports_of(*, user, cohort: Cohort) -> QuerySet[AnswersExport]:
    """The answers files ``user`` asked for of ``cohort`` (from cohort_for) that are still
    kept, newest first: nobody else's, and none past their keeping time even before
    apply_retention deletes them."""
    return AnswersExport.objects.filter(
        user=user, cohort=cohort, created_at__gte=timezone.now() - answers_export_keep()
    )


def answers_export_for(*, user, cohort: Cohort, pk: int) -> AnswersExport:
    """One of answers_exports_of; 404 for any other."""
    export = answers_exports_of(user=user, cohort=cohort).filter(pk=pk).first()
    if export is None:
        raise Http404("No answers file of yours has this number.")
    return export


def cohort_council(*, cohort: Cohort, pk: int) -> Authority:
    """A council of the cohort; 404 for any other."""
    authority = cohort.councils.filter(pk=pk).first()
    if authority is None:
        raise Http404("The cohort has no such council.")
    return authority


def cohort_assessment(
    *, cohort: Cohort, pk: int, statuses: Iterable[str] = READABLE_STATUSES
) -> Assessment:
    """A submission of one of the cohort's councils that reviewers may read; 404 for a draft, a
    returned round being changed, or another council's. A decision being recorded also finds a
    round returned since its page was drawn (``statuses``), to say why it was refused."""
    assessment = (
        Assessment.objects.select_related("authority", "framework", "submitted_by")
        .filter(pk=pk, authority__in=cohort.councils.all(), status__in=statuses)
        .first()
    )
    if assessment is None:
        raise Http404("The cohort has no such submission.")
    return assessment


def round_filter(value: str) -> int | None:
    """The overview's ``?round=``: empty for each council's latest round; 404 for no round."""
    try:
        return analysis.parse_round(value)
    except ValueError as error:
        raise Http404("There is no such round.") from error


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

    def timeline_data(self, today: datetime.date) -> dict:
        """The timeline chart's keyword arguments: plain values, so they can key its cache."""
        return {
            "milestones": [row.milestone.title for row in self.rows],
            "targets": [row.entry.target_date if row.entry else None for row in self.rows],
            "actuals": [row.entry.actual_date if row.entry else None for row in self.rows],
            "late": [row.late for row in self.rows],
            "today": today,
        }


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
        Assessment.objects.filter(authority=authority, status__in=SUBMITTED_STATUSES)
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


# The cohort overview ------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortData:
    """Everything the overview, charts and exports read, in a fixed number of queries."""

    cohort: Cohort
    councils: list[Authority]
    assessments: list[
        dict
    ]  # submitted or validated: id, authority_id, round, status, submitted_at, scores
    entries: list[dict]  # authority_id, slug, status, target_date, actual_date
    milestone_slugs: list[str]
    domains: list[tuple[str, str]]  # (slug, title) of the current framework, in order
    reference: (
        dict  # the model standard's profile on the current framework (scoring.result_as_dict)
    )


def cohort_data(cohort: Cohort) -> CohortData:
    councils = list(cohort.councils.order_by("name"))
    # Only the parts of the stored scores a comparison reads: the action lists are most of
    # each blob and would dominate a cohort of every council.
    assessments = list(
        Assessment.objects.filter(authority__in=councils, status__in=SUBMITTED_STATUSES)
        .order_by("authority_id", "round")
        .values("id", "authority_id", "round", "status", "submitted_at")
        .annotate(**{f"score_{key}": KeyTransform(key, "scores") for key in SCORE_KEYS})
    )
    for item in assessments:
        item["scores"] = {key: item.pop(f"score_{key}") for key in SCORE_KEYS}
    entries = list(
        MilestoneEntry.objects.filter(authority__in=councils).values(
            "authority_id", "milestone__slug", "status", "target_date", "actual_date"
        )
    )
    for entry in entries:
        entry["slug"] = entry.pop("milestone__slug")
    return CohortData(
        cohort=cohort,
        councils=councils,
        assessments=assessments,
        entries=entries,
        milestone_slugs=list(Milestone.objects.values_list("slug", flat=True)),
        domains=_current_domains(),
        reference=reference_profile(),
    )


def _current_domains() -> list[tuple[str, str]]:
    return list(
        Domain.objects.filter(framework__is_current=True)
        .order_by("sort_order")
        .values_list("slug", "title")
    )


def reference_profile() -> dict:
    """The model standard's scores on the whole current framework: every indicator at its reference level."""
    framework = FrameworkVersion.objects.filter(is_current=True).first()
    if framework is None:
        return {"overall": None, "domains": []}
    indicators = list(Indicator.objects.filter(framework=framework).select_related("domain"))
    spec = framework_spec(framework, indicators)
    return result_as_dict(score(spec, {i.slug: i.reference_level for i in indicators}))


@dataclass(frozen=True)
class CohortOverview:
    data: CohortData
    frame: pd.DataFrame  # one row per council: cohorts.analysis.overview's columns
    medians: dict
    rounds: list[int]  # rounds any council of the cohort has submitted, for the filter


def cohort_overview(
    cohort: Cohort,
    *,
    round_filter: int | None = None,
    sort: str = "council",
    descending: bool = False,
    today: datetime.date | None = None,
) -> CohortOverview:
    data = cohort_data(cohort)
    domain_slugs = [slug for slug, _ in data.domains]
    frame = analysis.overview(
        councils=analysis.councils_frame(data.councils),
        assessments=data.assessments,
        entries=data.entries,
        milestone_slugs=data.milestone_slugs,
        domain_slugs=domain_slugs,
        round_filter=round_filter,
        today=today or timezone.localdate(),
    )
    return CohortOverview(
        data=data,
        frame=analysis.sort_overview(frame, key=sort, descending=descending),
        medians=analysis.cohort_medians(frame, domain_slugs),
        rounds=sorted({a["round"] for a in data.assessments}),
    )


def overdue_rounds(
    overview: CohortOverview,
    cohort_rounds: list[CohortRound],
    today: datetime.date | None = None,
) -> dict[int, list[str]]:
    """Council id -> its rounds past their due date with nothing submitted, worked out from the
    councils and submissions the overview has read: no query of its own."""
    submitted = {(item["authority_id"], item["round"]) for item in overview.data.assessments}
    late_rounds = missing_rounds(
        past_due(cohort_rounds, today or timezone.localdate()), overview.data.councils, submitted
    )
    overdue: dict[int, list[str]] = {}
    for late in late_rounds:
        overdue.setdefault(late.authority.pk, []).append(late.cohort_round.get_round_display())
    return overdue


def cohort_fingerprint(cohort: Cohort) -> dict:
    """What a cohort chart depends on, read with a few aggregate queries: any submission,
    review decision, milestone change, council or framework change gives a new fingerprint."""
    assessments = Assessment.objects.filter(
        authority__cohorts=cohort, status__in=SUBMITTED_STATUSES
    )
    decisions = ReviewDecision.objects.filter(assessment__authority__cohorts=cohort)
    entries = MilestoneEntry.objects.filter(authority__cohorts=cohort)
    return {
        "cohort": cohort.pk,
        "councils": sorted(cohort.councils.values_list("pk", flat=True)),
        "assessments": assessments.aggregate(n=Count("pk"), last=Max("submitted_at")),
        "decisions": decisions.aggregate(n=Count("pk"), last=Max("created_at")),
        "milestones": entries.aggregate(n=Count("pk"), last=Max("updated_at")),
        "template": Milestone.objects.count(),
        "framework": FrameworkVersion.objects.filter(is_current=True)
        .values_list("pk", flat=True)
        .first(),
        "today": timezone.localdate(),  # "late" moves on by itself
    }


# Returned rounds on the overview --------------------------------------------------------------


@dataclass(frozen=True)
class ReturnedRound:
    assessment_id: int
    round_label: str
    returned_at: datetime.datetime | None
    comment: str


def returned_rounds(cohort: Cohort) -> dict[int, list[ReturnedRound]]:
    """Council id -> its rounds returned for changes, each with when and why (the latest
    decision). The council is changing them; reviewers still see them listed. One query."""
    latest = ReviewDecision.objects.filter(assessment=OuterRef("pk")).order_by("-created_at", "-pk")
    rounds: dict[int, list[ReturnedRound]] = {}
    for item in (
        Assessment.objects.filter(
            authority__in=cohort.councils.all(), status=AssessmentStatus.RETURNED
        )
        .annotate(
            returned_at=Subquery(latest.values("created_at")[:1]),
            return_comment=Subquery(latest.values("comment")[:1]),
        )
        .order_by("round")
    ):
        rounds.setdefault(item.authority_id, []).append(
            ReturnedRound(
                assessment_id=item.pk,
                round_label=item.get_round_display(),
                returned_at=item.returned_at,
                comment=item.return_comment or "",
            )
        )
    return rounds


# Review threads ------------------------------------------------------------------------------

# The key of the thread on the whole submission; the others are keyed by indicator slug.
SUBMISSION_THREAD = "submission"


@dataclass(frozen=True)
class ThreadEntry:
    heading: str  # "Comment", "Reply", or the decision: "Returned for changes", "Reopened"
    author: str
    by_reviewer: bool
    body: str
    created_at: datetime.datetime


@dataclass(frozen=True)
class ReviewThread:
    key: str  # SUBMISSION_THREAD or the indicator's slug
    indicator: Indicator | None
    entries: list[ThreadEntry]

    @property
    def title(self) -> str:
        return "The whole submission" if self.indicator is None else self.indicator.title

    @property
    def domain(self) -> Domain | None:
        return None if self.indicator is None else self.indicator.domain

    @property
    def awaits_reply(self) -> bool:
        """The reviewer wrote last: the council has not answered yet."""
        return self.entries[-1].by_reviewer


def review_threads(assessment: Assessment) -> list[ReviewThread]:
    """The round's review, thread by thread: the whole submission first (its comments with
    every decision and reopening, in time order), then each indicator commented on, in the
    framework's order. Two queries."""
    comments = list(
        ReviewComment.objects.filter(assessment=assessment).select_related(
            "author", "indicator__domain"
        )
    )
    decisions = ReviewDecision.objects.filter(assessment=assessment).select_related(
        "reviewer", "reopening__reopened_by"
    )
    whole: list[ThreadEntry] = []
    for decision in decisions:
        whole.append(
            ThreadEntry(
                decision.get_outcome_display(),
                person(decision.reviewer),
                True,
                decision.comment,
                decision.created_at,
            )
        )
        reopening = getattr(decision, "reopening", None)
        if reopening is not None:
            whole.append(
                ThreadEntry(
                    "Decision reopened",
                    person(reopening.reopened_by),
                    True,
                    reopening.reason,
                    reopening.created_at,
                )
            )
    by_indicator: dict[int, list[ThreadEntry]] = {}
    indicators: dict[int, Indicator] = {}
    for comment in comments:
        entry = ThreadEntry(
            "Comment" if comment.by_reviewer else "Reply",
            person(comment.author),
            comment.by_reviewer,
            comment.body,
            comment.created_at,
        )
        if comment.indicator_id is None:
            whole.append(entry)
        else:
            indicators[comment.indicator_id] = comment.indicator
            by_indicator.setdefault(comment.indicator_id, []).append(entry)
    threads = []
    if whole:
        whole.sort(key=lambda e: e.created_at)
        threads.append(ReviewThread(SUBMISSION_THREAD, None, whole))
    for indicator_id in sorted(
        by_indicator,
        key=lambda pk: (indicators[pk].domain.sort_order, indicators[pk].sort_order),
    ):
        indicator = indicators[indicator_id]
        threads.append(ReviewThread(indicator.slug, indicator, by_indicator[indicator_id]))
    return threads


# The status each outcome leaves a round in: a decision can be reopened only while it still does.
DECIDED_STATUS = {
    ReviewOutcome.VALIDATED: AssessmentStatus.VALIDATED,
    ReviewOutcome.RETURNED: AssessmentStatus.RETURNED,
}


def reopenable_decision(
    *, assessment: Assessment, user, decisions: list[ReviewDecision]
) -> ReviewDecision | None:
    """The round's latest decision (``decisions`` newest first) if ``user`` made it and it still
    stands: not reopened, nor the round submitted again since. The one they may reopen."""
    latest = decisions[0] if decisions else None
    if (
        latest is None
        or latest.reviewer_id != user.pk
        or getattr(latest, "reopening", None) is not None
        or assessment.status != DECIDED_STATUS[latest.outcome]
    ):
        return None
    return latest


def thread_indicator(assessment: Assessment, key: str) -> Indicator | None:
    """The indicator a thread key names on the round's framework (None: the whole
    submission); Http404 for a key that names none."""
    if key == SUBMISSION_THREAD:
        return None
    indicator = Indicator.objects.filter(framework=assessment.framework_id, slug=key).first()
    if indicator is None:
        raise Http404("This assessment has no such indicator.")
    return indicator


# What a resubmission changed since its return -------------------------------------------------


@dataclass(frozen=True)
class AnswerChange:
    section: str
    question: str
    before_answer: str
    before_note: str
    after_answer: str
    after_note: str


@dataclass(frozen=True)
class ChangesSinceReturn:
    returned_at: datetime.datetime
    changes: list[AnswerChange]


def answers_snapshot(assessment: Assessment) -> dict:
    """The round's answers and notes, and its context section, as JSON can keep them."""
    return {
        "answers": {
            slug: [level, note]
            for slug, level, note in assessment.answers.values_list(
                "indicator__slug", "level", "evidence_note"
            )
        },
        "context": {
            name: value.isoformat() if isinstance(value, datetime.date) else value
            for name, value in context.values_of(assessment).items()
        },
    }


def answer_changes(
    *,
    indicators: Iterable[Indicator],
    before: dict,
    after: dict,
) -> list[AnswerChange]:
    """Every answer or note that differs between two snapshots (answers_snapshot's shape),
    context questions first, then indicators in the order given (with their domains)."""
    changes = []
    before_context = context.answers(_context_values(before["context"]))
    after_context = context.answers(_context_values(after["context"]))
    for old, new in zip(before_context, after_context, strict=True):
        if old.answer != new.answer:
            changes.append(
                AnswerChange(context.TITLE, old.question, old.answer, "", new.answer, "")
            )
    for indicator in indicators:
        old_level, old_note = before["answers"].get(indicator.slug, (None, ""))
        new_level, new_note = after["answers"].get(indicator.slug, (None, ""))
        if (old_level, old_note) != (new_level, new_note):
            changes.append(
                AnswerChange(
                    indicator.domain.title,
                    indicator.title,
                    _level_label(old_level),
                    old_note,
                    _level_label(new_level),
                    new_note,
                )
            )
    return changes


def _context_values(stored: dict) -> dict:
    values = {name: stored.get(name) for name in context.FIELDS}
    if values[context.WORKBOOK_LIVE_ON]:
        values[context.WORKBOOK_LIVE_ON] = datetime.date.fromisoformat(
            values[context.WORKBOOK_LIVE_ON]
        )
    return values


def _level_label(level: str | None) -> str:
    return "Not answered" if level is None else Level(level).label


def changes_since_return(assessment: Assessment) -> ChangesSinceReturn | None:
    """What a round submitted again after a return changed since then: None unless the
    submission the page shows came after a return whose answers were kept. Four queries."""
    if assessment.status not in SUBMITTED_STATUSES:
        return None
    snapshot = (
        ReturnSnapshot.objects.filter(
            decision__assessment=assessment, decision__created_at__lt=assessment.submitted_at
        )
        .select_related("decision")
        .order_by("-decision__created_at")
        .first()
    )
    if snapshot is None:
        return None
    indicators = Indicator.objects.filter(framework=assessment.framework_id).select_related(
        "domain"
    )
    return ChangesSinceReturn(
        returned_at=snapshot.decision.created_at,
        changes=answer_changes(
            indicators=indicators,
            before={"answers": snapshot.answers, "context": snapshot.context},
            after=answers_snapshot(assessment),
        ),
    )
