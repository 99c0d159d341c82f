"""Reads for the fidelity framework and councils' assessments."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from authorities.permissions import authorities_for
from core.dates import govuk_date
from core.downloads import Column
from core.numbers import round_half_up
from fidelity import context
from fidelity.choices import (
    NOT_RECORDED,
    SUBMITTED_STATUSES,
    ActionClosure,
    ActionStatus,
    AssessmentStatus,
    Level,
    ReviewOutcome,
    SectionStatus,
)
from fidelity.framework_file import (
    FRAMEWORK_FILE,
    FrameworkDocument,
    read_framework,
    stored_framework,
)
from fidelity.methodology import basis_counts
from fidelity.models import (
    ActionUpdate,
    Answer,
    Assessment,
    EvidenceFile,
    FrameworkVersion,
    Indicator,
    PlannedAction,
    ReviewDecision,
    Section,
)
from fidelity.scoring import (
    NA,
    FrameworkSpec,
    ScoreResult,
    answer_problems,
    framework_spec,
    score,
    scoring_answers,
    stored_result,
)


class FrameworkUnavailable(Exception):
    pass


def current_framework() -> FrameworkDocument:
    """The current version from the database, or the content file if none is loaded yet."""
    framework = FrameworkVersion.objects.filter(is_current=True).first()
    if framework is not None:
        return stored_framework(framework)
    document, problems = read_framework(settings.CONTENT_DIR / FRAMEWORK_FILE)
    if document is None:
        raise FrameworkUnavailable(
            f"No framework is loaded and content/{FRAMEWORK_FILE.as_posix()} cannot be read: "
            + "; ".join(problems)
        )
    return document


def framework_as_dict(document: FrameworkDocument) -> dict:
    """The command-line contract's JSON shape (DESIGN.md section 3)."""
    spec = document.spec
    return {
        "version": spec.version,
        "thresholds": {"green": spec.thresholds.green, "amber": spec.thresholds.amber},
        "domains": [
            {
                "slug": domain.slug,
                "title": domain.title,
                "weight": domain.weight,
                "indicators": [
                    {
                        "slug": i.slug,
                        "title": i.title,
                        "weight": i.weight,
                        "critical": i.critical,
                        "reference_level": i.reference_level,
                        "reference_basis": document.indicator_text[i.slug].reference_basis
                        or NOT_RECORDED,
                        "allows_na": i.allows_na,
                    }
                    for i in domain.indicators
                ],
            }
            for domain in spec.domains
        ],
    }


# The assessment journey ---------------------------------------------------------------------


@dataclass(frozen=True)
class TaskListSection:
    key: str
    title: str
    status: str
    updated_by: str
    updated_at: datetime.datetime | None


def assessments_for(*, user) -> QuerySet[Assessment]:
    """The one scope for assessments: those of the councils ``user`` belongs to."""
    return Assessment.objects.filter(authority__in=authorities_for(user=user)).select_related(
        "authority", "framework"
    )


def assessment_for(*, user, pk: int) -> Assessment:
    """The assessment ``pk`` if it is one of ``user``'s councils'; 404 otherwise, whoever asks."""
    assessment = assessments_for(user=user).select_related("submitted_by").filter(pk=pk).first()
    if assessment is None:
        raise Http404("No assessment of your councils has this number.")
    return assessment


def section_keys(framework: FrameworkVersion) -> list[str]:
    return [context.KEY, *framework.domains.values_list("slug", flat=True)]


def section_values(assessment: Assessment, key: str) -> dict:
    """What is stored for one section: context fields, or indicator slug -> (level, note)."""
    if key == context.KEY:
        return context.values_of(assessment)
    return {
        answer.indicator.slug: (answer.level, answer.evidence_note)
        for answer in assessment.answers.filter(indicator__domain__slug=key).select_related(
            "indicator"
        )
    }


def task_list(assessment: Assessment) -> list[TaskListSection]:
    """Every section in journey order with its status; two queries whatever the framework."""
    rows = {
        s.key: s for s in Section.objects.filter(assessment=assessment).select_related("updated_by")
    }
    titles = [(context.KEY, context.TITLE)] + list(
        assessment.framework.domains.values_list("slug", "title")
    )
    sections = []
    for key, title in titles:
        row = rows.get(key)
        if row is None:
            status = SectionStatus.NOT_STARTED
        else:
            status = SectionStatus.COMPLETED if row.completed else SectionStatus.IN_PROGRESS
        sections.append(
            TaskListSection(
                key=key,
                title=title,
                status=status,
                updated_by=person(row.updated_by) if row else "",
                updated_at=row.updated_at if row else None,
            )
        )
    return sections


@dataclass(frozen=True)
class TaskList:
    sections: list[TaskListSection]
    completed: int
    resume: TaskListSection | None  # where "continue" leads: the last section worked on, if open


def task_list_summary(assessment: Assessment) -> TaskList:
    sections = task_list(assessment)
    open_sections = [s for s in sections if s.status != SectionStatus.COMPLETED]
    resume = next(
        (s for s in open_sections if s.key == assessment.current_section),
        open_sections[0] if open_sections else None,
    )
    return TaskList(sections, len(sections) - len(open_sections), resume)


def sections_incomplete(assessment: Assessment) -> list[str]:
    """Keys of the sections not ready to submit, checked against the answers themselves.

    Answers are scored against the framework as it stands, so an answer the framework no
    longer allows (such as "na" after an editor turned it off) reopens its section.
    """
    incomplete = [s.key for s in task_list(assessment) if s.status != SectionStatus.COMPLETED]
    spec, indicators, levels = _scoring_input(assessment)
    problems = answer_problems(spec, levels)
    faulty = {problem.split(":", 1)[0] for problem in problems}
    for indicator in indicators:
        if indicator.slug in faulty and indicator.domain.slug not in incomplete:
            incomplete.append(indicator.domain.slug)
    return incomplete


def latest_submitted(*, authority_id: int, before_round: int) -> Assessment | None:
    """The round a new one may copy: submitted or validated (not returned, which may be mid-edit)."""
    return (
        Assessment.objects.filter(
            authority=authority_id, status__in=SUBMITTED_STATUSES, round__lt=before_round
        )
        .order_by("-round")
        .first()
    )


def person(user) -> str:
    """How a council member is named on pages and in the audit trail."""
    if user is None:
        return "someone no longer registered"
    return user.get_full_name() or user.get_username()


# Results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DomainRow:
    slug: str
    title: str
    score: Decimal | None
    rag: str | None
    reference_score: Decimal | None
    gap: Decimal | None


@dataclass(frozen=True)
class ActionRow:
    indicator: Indicator
    domain_title: str
    level: int
    reference_level: int
    priority: int
    planned: PlannedAction | None
    overdue: bool = False  # not done, its due date passed, and its plan not yet taken over

    # The labels below are cached: the plan's tables read each of them several times a row.

    @property
    def status(self) -> str:
        return self.planned.status if self.planned else ActionStatus.NOT_STARTED

    @cached_property
    def status_label(self) -> str:
        return ActionStatus(self.status).label

    @cached_property
    def carried_from_round(self) -> str:
        """The round this action carried over from, or ""."""
        if self.planned is None or self.planned.carried_from is None:
            return ""
        return self.planned.carried_from.assessment.get_round_display()

    @property
    def carried_to(self) -> PlannedAction | None:
        """The same action in the later round it carried over to, if it did."""
        return getattr(self.planned, "carried_to", None) if self.planned else None

    @cached_property
    def outcome(self) -> str:
        """Where an earlier round's action went when the next round took the plan over."""
        planned = self.planned
        if planned is None:
            return ""
        if planned.closed_in is not None:
            later = planned.closed_in.get_round_display()
            return {
                ActionClosure.GAP_MET: f"Closed: gap met in {later}",
                ActionClosure.NOT_APPLICABLE: f"Closed: answered not applicable in {later}",
                ActionClosure.NOT_IN_FRAMEWORK: f"Closed: not in {later}'s framework version",
            }[planned.closed_reason]
        if self.carried_to is not None:
            return f"Carried over to {self.carried_to.assessment.get_round_display()}"
        return ""


# How many actions the plan shows first, before the whole plan grouped by domain.
MOST_URGENT_COUNT = 10


@dataclass(frozen=True)
class ActionPlan:
    """A round's action plan, most urgent first: overdue actions, then by priority (which grows
    with the levels to climb and the weight, and doubles for critical indicators), then the
    earliest due date; done actions last. ``superseded_by`` is the later round that took it
    over, which makes it read-only."""

    rows: list[ActionRow]
    superseded_by: Assessment | None
    closed: list[PlannedAction]  # the round before's open actions this round closed

    @property
    def editable(self) -> bool:
        return self.superseded_by is None

    @property
    def most_urgent(self) -> list[ActionRow]:
        return self.rows[:MOST_URGENT_COUNT]

    @property
    def by_domain(self) -> list[tuple[str, list[ActionRow]]]:
        """The rows grouped by domain, in the framework's order, most urgent first in each."""
        groups: dict = {}
        for row in sorted(self.rows, key=lambda r: (r.indicator.domain.sort_order,)):
            groups.setdefault(row.indicator.domain.pk, (row.domain_title, []))[1].append(row)
        return list(groups.values())

    @property
    def progress(self) -> dict[str, int]:
        statuses = [row.status for row in self.rows]
        return {
            "done": statuses.count(ActionStatus.DONE),
            "in_progress": statuses.count(ActionStatus.IN_PROGRESS),
            "not_started": statuses.count(ActionStatus.NOT_STARTED),
            "overdue": sum(row.overdue for row in self.rows),
        }

    @property
    def handover(self) -> dict[str, int]:
        """What became of a read-only plan's actions: carried over, closed, or done."""
        outcomes = [row.outcome for row in self.rows]
        return {
            "carried": sum(o.startswith("Carried") for o in outcomes),
            "closed": sum(o.startswith("Closed") for o in outcomes),
            "done": sum(row.status == ActionStatus.DONE and not row.outcome for row in self.rows),
        }


def _urgency(row: ActionRow, position: int) -> tuple:
    due = row.planned.due_date if row.planned and row.planned.due_date else datetime.date.max
    return (row.status == ActionStatus.DONE, not row.overdue, -row.priority, due, position)


def plan_superseded_by(
    assessment: Assessment, *, rounds: list[Assessment] | None = None
) -> Assessment | None:
    """The later round of the council that took over this round's plan (the first one submitted,
    even if since returned), or None while this round's plan is the one to work on. One query,
    none given the council's ``rounds`` (``council_rounds``)."""
    if rounds is not None:
        return next(
            (
                item
                for item in rounds
                if item.round > assessment.round and item.submitted_at is not None
            ),
            None,
        )
    return (
        Assessment.objects.filter(
            authority=assessment.authority_id,
            round__gt=assessment.round,
            submitted_at__isnull=False,
        )
        .order_by("round")
        .first()
    )


def closed_actions(assessment: Assessment, *, rounds: list[Assessment]) -> list[PlannedAction]:
    """The earlier round's open actions this round closed, in the framework's order, each with
    its round taken from the council's ``rounds`` (``council_rounds``). One query."""
    closed = list(
        assessment.closed_actions.select_related("indicator__domain").order_by(
            "indicator__domain__sort_order", "indicator__sort_order"
        )
    )
    by_id = {item.pk: item for item in rounds}
    for action in closed:
        _share_round(action, "assessment", by_id)
    return closed


def _share_round(holder, field: str, rounds_by_id: dict[int, Assessment]) -> None:
    """Point ``holder.<field>`` at the council's round already loaded, rather than load (and
    decode the stored scores of) a copy for every action; a round not among them loads as usual."""
    if holder is not None and getattr(holder, f"{field}_id") in rounds_by_id:
        setattr(holder, field, rounds_by_id[getattr(holder, f"{field}_id")])


def action_history(planned: PlannedAction | None) -> list[tuple[Assessment, ActionUpdate]]:
    """Every save of the action, newest first, through the earlier rounds it carried over from;
    each with the round it was made in. One query per round it passed through, and one more."""
    chain = {}
    while planned is not None and planned.pk not in chain:
        chain[planned.pk] = planned.assessment
        planned = (
            PlannedAction.objects.select_related("assessment")
            .filter(pk=planned.carried_from_id)
            .first()
        )
    updates = ActionUpdate.objects.filter(planned__in=chain).select_related("user")
    return [(chain[update.planned_id], update) for update in updates]


@dataclass(frozen=True)
class AssessmentResults:
    """A submitted assessment's scores (those stored at submission), benchmark and action plan,
    with its answers; a draft's are scored afresh."""

    assessment: Assessment
    overall: Decimal | None
    band: str | None
    capped: bool
    uncapped_band: str | None  # the band the overall alone gives, to explain a cap
    reference_overall: Decimal | None
    critical_zero: list[Indicator]
    domains: list[DomainRow]
    actions: list[ActionRow]  # in the scoring contract's order (DESIGN.md section 3)
    answers: dict[str, Answer]
    indicators: list[Indicator]
    plan: ActionPlan

    @property
    def answer_rows(self) -> list[tuple[Indicator, Answer]]:
        return [(i, self.answers[i.slug]) for i in self.indicators]

    @property
    def basis_counts(self) -> dict[str, int]:
        return basis_counts(self.indicators)

    not_recorded = NOT_RECORDED

    def radar_data(self) -> dict:
        return {
            "labels": [d.title for d in self.domains],
            "council": [_float(d.score) for d in self.domains],
            "reference": [_float(d.reference_score) for d in self.domains],
            "council_name": self.assessment.authority.name,
        }


def assessment_results(
    assessment: Assessment, *, rounds: list[Assessment] | None = None
) -> AssessmentResults:
    """Scores, benchmark and action plan of a complete assessment, in a fixed number of queries
    (one fewer given the council's ``rounds``, from ``council_rounds``)."""
    if rounds is None:
        rounds = council_rounds(assessment)
    indicators = list(
        Indicator.objects.filter(framework=assessment.framework_id).select_related("domain")
    )
    by_id = {i.pk: i for i in indicators}
    answers = {}
    for answer in assessment.answers.all():
        answer.indicator = by_id[answer.indicator_id]  # already loaded: no join
        answers[answer.indicator.slug] = answer
    scores = assessment_scores(assessment, indicators=indicators, answers=answers)
    by_slug = {i.slug: i for i in indicators}
    domain_titles = {i.domain.slug: i.domain.title for i in indicators}
    # The rounds an action came from, went to or was closed in are all the council's submitted
    # rounds, loaded once.
    rounds_by_id = {item.pk: item for item in rounds}
    planned = {}
    for p in PlannedAction.objects.filter(assessment=assessment).select_related(
        "carried_from", "carried_to"
    ):
        _share_round(p.carried_from, "assessment", rounds_by_id)
        _share_round(p, "closed_in", rounds_by_id)
        _share_round(getattr(p, "carried_to", None), "assessment", rounds_by_id)
        planned[p.indicator_id] = p
    today = timezone.localdate()
    # Once a later round has taken the plan over, its actions are followed up there.
    superseded_by = plan_superseded_by(assessment, rounds=rounds)
    actions = []
    for a in scores["actions"]:
        entry = planned.get(by_slug[a["indicator"]].pk)
        actions.append(
            ActionRow(
                indicator=by_slug[a["indicator"]],
                domain_title=domain_titles[a["domain"]],
                level=a["level"],
                reference_level=a["reference_level"],
                priority=a["priority"],
                planned=entry,
                overdue=superseded_by is None
                and entry is not None
                and entry.status != ActionStatus.DONE
                and entry.due_date is not None
                and entry.due_date < today,
            )
        )
    ordered = [
        row for _, row in sorted(enumerate(actions), key=lambda pair: _urgency(pair[1], pair[0]))
    ]
    plan = ActionPlan(
        rows=ordered,
        superseded_by=superseded_by,
        closed=closed_actions(assessment, rounds=rounds),
    )
    return AssessmentResults(
        assessment=assessment,
        overall=_decimal(scores["overall"]),
        band=scores["band"],
        capped=scores["capped"],
        uncapped_band=scores["uncapped_band"],
        reference_overall=_decimal(scores["reference_overall"]),
        critical_zero=[i for i in indicators if i.critical and answers[i.slug].scored_level == 0],
        domains=[
            DomainRow(
                slug=d["slug"],
                title=domain_titles[d["slug"]],
                score=_decimal(d["score"]),
                rag=d["rag"],
                reference_score=_decimal(d["reference_score"]),
                gap=_decimal(d["gap"]),
            )
            for d in scores["domains"]
        ],
        actions=actions,
        answers=answers,
        indicators=indicators,
        plan=plan,
    )


@dataclass(frozen=True)
class ValidatedReferenceRound:
    """The reference council's own latest validated round: a second comparison beside the
    model standard."""

    assessment: Assessment
    validated_at: datetime.datetime

    @property
    def label(self) -> str:
        name = self.assessment.authority.name
        return f"{name}, self-assessed, validated {govuk_date(self.validated_at)}"


def validated_reference_round(*, framework_id: int | None = None) -> ValidatedReferenceRound | None:
    """The reference council's latest validated round on the framework version (the current
    one by default), or None until it has one. One query."""
    rounds = Assessment.objects.filter(
        authority__is_reference=True, status=AssessmentStatus.VALIDATED
    )
    if framework_id is None:
        rounds = rounds.filter(framework__is_current=True)
    else:
        rounds = rounds.filter(framework=framework_id)
    validations = ReviewDecision.objects.filter(
        assessment=OuterRef("pk"), outcome=ReviewOutcome.VALIDATED
    ).order_by("-created_at")
    reference = (
        rounds.select_related("authority")
        .annotate(validated_at=Subquery(validations.values("created_at")[:1]))
        .order_by("-round")
        .first()
    )
    if reference is None:
        return None
    return ValidatedReferenceRound(reference, reference.validated_at or reference.submitted_at)


@dataclass(frozen=True)
class ReferenceComparison:
    """The reference council's validated answers scored on the indicators a council answered."""

    label: str
    authority_name: str
    overall: Decimal | None
    domain_scores: dict[str, Decimal | None]
    levels: dict[str, Answer]


def reference_comparison(results: AssessmentResults) -> ReferenceComparison | None:
    """The second comparison for a council's results: None until the reference council has a
    validated round on the same framework version, and for its own results. Two queries."""
    assessment = results.assessment
    reference = validated_reference_round(framework_id=assessment.framework_id)
    if reference is None or reference.assessment.authority_id == assessment.authority_id:
        return None
    slugs = {i.pk: i.slug for i in results.indicators}
    levels = scoring_answers(
        (slugs[indicator_id], level)
        for indicator_id, level in reference.assessment.answers.values_list("indicator_id", "level")
    )
    # Left out where the council answered "not applicable", as the model standard is.
    same_indicators = {
        slug: NA if results.answers[slug].scored_level == NA else level
        for slug, level in levels.items()
    }
    scored = score(framework_spec(assessment.framework, results.indicators), same_indicators)
    return ReferenceComparison(
        label=reference.label,
        authority_name=reference.assessment.authority.name,
        overall=round_half_up(scored.overall),
        domain_scores={d.slug: round_half_up(d.score) for d in scored.domains},
        levels=levels,
    )


def assessment_scores(assessment: Assessment, *, indicators=None, answers=None) -> dict:
    """The assessment's scores (scoring.stored_result's shape): those stored at submission once
    it is submitted, so they never drift; a draft's scored now from its answers (``indicators``
    with their domains, and ``answers`` by slug, save loading them again)."""
    if not assessment.is_editable:
        return assessment.scores
    if indicators is None:
        return stored_result(live_score(assessment))
    spec = framework_spec(assessment.framework, indicators)
    return stored_result(score(spec, {slug: a.scored_level for slug, a in answers.items()}))


def live_score(assessment: Assessment) -> ScoreResult:
    """Score the assessment's answers now, on its framework version (two queries): what
    submission stores."""
    spec, _, levels = _scoring_input(assessment)
    return score(spec, levels)


def _scoring_input(assessment: Assessment) -> tuple[FrameworkSpec, list[Indicator], dict]:
    """The assessment's framework spec, its indicators (with domains) and its answers as scoring
    takes them, in two queries."""
    indicators = list(
        Indicator.objects.filter(framework=assessment.framework_id).select_related("domain")
    )
    slugs = {i.pk: i.slug for i in indicators}
    levels = scoring_answers(
        (slugs[indicator_id], level)
        for indicator_id, level in assessment.answers.values_list("indicator_id", "level")
        if indicator_id in slugs
    )
    return framework_spec(assessment.framework, indicators), indicators, levels


@dataclass(frozen=True)
class RoundScore:
    assessment: Assessment
    overall: Decimal | None
    band: str | None
    reference_overall: Decimal | None


def council_rounds(assessment: Assessment) -> list[Assessment]:
    """The rounds of the assessment's council that were ever submitted (those submitted now, and
    those since returned), in order: what ``round_history`` and ``plan_superseded_by`` read, for
    a page that shows both. One query."""
    return list(
        Assessment.objects.filter(
            Q(status__in=SUBMITTED_STATUSES) | Q(submitted_at__isnull=False),
            authority=assessment.authority_id,
        )
        .select_related("authority")
        .order_by("round")
    )


def round_history(
    assessment: Assessment, *, rounds: list[Assessment] | None = None
) -> list[RoundScore]:
    """The council's submitted rounds in order, with the scores each stored at submission (each
    on its own framework version). One query, none given the council's ``rounds``."""
    if rounds is None:
        rounds = council_rounds(assessment)
    return [
        RoundScore(
            assessment=item,
            overall=_decimal(item.scores["overall"]),
            band=item.scores["band"],
            reference_overall=_decimal(item.scores["reference_overall"]),
        )
        for item in rounds
        if item.status in SUBMITTED_STATUSES
    ]


def _decimal(value: float | None) -> Decimal | None:
    """A stored score (a float of one decimal place) as shown: 72.5, 80.0."""
    return None if value is None else Decimal(str(value))


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# Check your answers and downloads -----------------------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    question: str
    answer: str
    note: str = ""
    files: tuple[EvidenceFile, ...] = ()
    field_id: str = ""


@dataclass(frozen=True)
class SummarySection:
    key: str
    title: str
    status: str
    rows: list[SummaryRow]


def check_answers_summary(assessment: Assessment) -> list[SummarySection]:
    """Every section's answers for the check-answers page, in a fixed number of queries."""
    sections = task_list(assessment)
    answers = {a.indicator_id: a for a in Answer.objects.filter(assessment=assessment)}
    files: dict[int, list[EvidenceFile]] = {}
    for evidence in assessment.evidence_files.all():
        files.setdefault(evidence.indicator_id, []).append(evidence)
    indicators: dict[str, list[Indicator]] = {}
    for indicator in Indicator.objects.filter(framework=assessment.framework_id).select_related(
        "domain"
    ):
        indicators.setdefault(indicator.domain.slug, []).append(indicator)

    summary = []
    for section in sections:
        if section.key == context.KEY:
            rows = [
                SummaryRow(row.question, row.answer, field_id=row.field_id)
                for row in context.answers(context.values_of(assessment))
            ]
        else:
            rows = []
            for indicator in indicators.get(section.key, []):
                answer = answers.get(indicator.pk)
                rows.append(
                    SummaryRow(
                        question=indicator.title,
                        answer=Level(answer.level).label if answer else "Not answered",
                        note=answer.evidence_note if answer else "",
                        files=tuple(files.get(indicator.pk, ())),
                        field_id=f"id_{section.key}-{indicator.slug}-level_0",
                    )
                )
        summary.append(SummarySection(section.key, section.title, section.status, rows))
    return summary


@dataclass(frozen=True)
class ContextWarning:
    """An answer that the context section contradicts, by the indicator's own descriptor."""

    indicator: Indicator
    level: str
    context_says: str
    descriptor: str
    answer_field_id: str  # the answer's first radio on its section's page
    context_field_id: str  # the context question to change

    @property
    def key(self) -> str:
        """What the lead confirms: this answer against this figure (a changed figure asks again)."""
        return f"{self.indicator.slug}:{self.level}:{self.context_says}"

    @property
    def text(self) -> str:
        return (
            f"You answered {Level(self.level).label} for ‘{self.indicator.title}’, but the "
            f"context section says {self.context_says}. The description of "
            f"{self.level} reads: “{self.descriptor}”"
        )


def context_warnings(assessment: Assessment) -> list[ContextWarning]:
    """Where the context section contradicts an answer by the answered indicator's descriptors
    (its ``context_checks``), in journey order. One query."""
    values = context.values_of(assessment)
    answers = (
        Answer.objects.filter(assessment=assessment)
        .exclude(indicator__context_checks=[])
        .select_related("indicator__domain")
        .order_by("indicator__domain__sort_order", "indicator__sort_order")
    )
    return [
        ContextWarning(
            indicator=answer.indicator,
            level=answer.level,
            context_says=found.context_says,
            descriptor=getattr(answer.indicator, f"descriptor_{answer.level}"),
            answer_field_id=f"id_{answer.indicator.domain.slug}-{answer.indicator.slug}-level_0",
            context_field_id=found.field_id,
        )
        for answer in answers
        for found in context.contradictions(values, answer.indicator.context_checks, answer.level)
    ]


def report_rows(results: AssessmentResults) -> list[tuple[Indicator, Answer, list[EvidenceFile]]]:
    """Each indicator with its answer and evidence files, for the print report. One query."""
    files: dict[int, list[EvidenceFile]] = {}
    for evidence in results.assessment.evidence_files.all():
        files.setdefault(evidence.indicator_id, []).append(evidence)
    return [(i, answer, files.get(i.pk, [])) for i, answer in results.answer_rows]


# The answers download's columns: headings people read, names scripts map them by.
ANSWERS_CSV_COLUMNS = [
    Column("Council", "council", "The council's name."),
    Column("ONS code", "ons_code", "The council's Office for National Statistics code."),
    Column("Round", "round", "The round: the baseline, or months since it."),
    Column("Framework version", "framework_version", "The fidelity framework version answered."),
    Column("Status", "status", "Submitted, Validated or Returned."),
    Column("Overall score (%)", "overall", "The overall fidelity score, out of 100."),
    Column("Band", "band", "High, Moderate or Low fidelity."),
    Column("Capped", "capped", "yes if a critical indicator at 0 capped the band at Low."),
    Column("Domain code", "domain", "The short code of the indicator's domain."),
    Column("Domain score (%)", "domain_score", "The domain's score, out of 100."),
    Column("Domain rating", "domain_rag", "The domain's rating: green, amber or red."),
    Column(
        "Model standard domain score (%)",
        "domain_reference_score",
        "The domain's score at the model standard's reference levels, on the same indicators.",
    ),
    Column(
        "Gap to the model standard (points)",
        "domain_gap",
        "The model standard's domain score minus the council's.",
    ),
    Column("Indicator code", "indicator", "The indicator's short code, unique in its framework."),
    Column("Indicator", "indicator_title", "The indicator's title."),
    Column("Weight", "weight", "How much the indicator counts in its domain's score."),
    Column("Critical", "critical", "yes if a 0 here caps the band at Low fidelity."),
    Column(
        "Level",
        "level",
        "The answer: 0 not in place, 1 partially, 2 fully in place, na not applicable.",
    ),
    Column(
        "Reference level", "reference_level", "The model standard's level, 0 to 2: the benchmark."
    ),
    Column("Evidence note", "evidence_note", "The council's evidence note."),
    Column(
        "Action priority",
        "action_priority",
        "Blank if the indicator is at the model standard's level: the levels to climb, times "
        "the weight, doubled for a critical indicator.",
    ),
    Column(
        "Action urgency rank",
        "action_rank",
        "The action's place in the plan, most urgent first: overdue, then priority, then due date.",
    ),
    Column("Action status", "action_status", "Not started, In progress or Done."),
    Column("Action owner", "action_owner", "The person or team responsible."),
    Column("Action due date", "action_due_date", "The date the action is due, as YYYY-MM-DD."),
    Column(
        "Action overdue", "action_overdue", "yes if the due date has passed and it is not done."
    ),
    Column("Action notes", "action_notes", "The council's notes on the action."),
    Column(
        "Action carried over from",
        "action_carried_from",
        "The earlier round whose plan this action carried over from, if any.",
    ),
    Column(
        "Action outcome",
        "action_outcome",
        "Once a later round has taken the plan over: carried over to it, or closed and why.",
    ),
]


def answers_table(results: AssessmentResults) -> list[list]:
    """Tidy rows under ANSWERS_CSV_COLUMNS, one per indicator, with the scores repeated: ready
    for a spreadsheet."""
    assessment = results.assessment
    domains = {d.slug: d for d in results.domains}
    ranks = {row.indicator.slug: rank for rank, row in enumerate(results.plan.rows, start=1)}
    actions = {row.indicator.slug: row for row in results.plan.rows}
    rows = []
    for indicator in results.indicators:
        answer = results.answers[indicator.slug]
        domain = domains[indicator.domain.slug]
        action = actions.get(indicator.slug)
        planned = action.planned if action else None
        rows.append(
            [
                assessment.authority.name,
                assessment.authority.ons_code,
                assessment.get_round_display(),
                assessment.framework.version,
                assessment.get_status_display(),
                results.overall,
                results.band,
                "yes" if results.capped else "no",
                indicator.domain.slug,
                domain.score,
                domain.rag,
                domain.reference_score,
                domain.gap,
                indicator.slug,
                indicator.title,
                indicator.weight,
                "yes" if indicator.critical else "no",
                answer.level,
                indicator.reference_level,
                answer.evidence_note,
                *(
                    [
                        action.priority,
                        ranks[indicator.slug],
                        action.status_label,
                        planned.owner if planned else "",
                        planned.due_date.isoformat() if planned and planned.due_date else "",
                        "yes" if action.overdue else "no",
                        planned.notes if planned else "",
                        action.carried_from_round,
                        action.outcome,
                    ]
                    if action
                    else [""] * 9
                ),
            ]
        )
    return rows
