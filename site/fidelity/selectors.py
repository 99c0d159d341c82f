"""Reads for the fidelity framework and councils' assessments."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from authorities.permissions import authorities_for
from core.numbers import round_half_up
from fidelity import context
from fidelity.choices import SUBMITTED_STATUSES, Level, SectionStatus
from fidelity.framework_file import (
    FRAMEWORK_FILE,
    FrameworkDocument,
    read_framework,
    stored_framework,
)
from fidelity.models import (
    Answer,
    Assessment,
    FrameworkVersion,
    Indicator,
    PlannedAction,
    Section,
)
from fidelity.scoring import (
    DomainSpec,
    FrameworkSpec,
    IndicatorSpec,
    ScoreResult,
    Thresholds,
    answer_problems,
    score,
    uncapped_band,
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
    assessment = assessments_for(user=user).filter(pk=pk).first()
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
    indicators = list(
        Indicator.objects.filter(framework=assessment.framework_id).select_related("domain")
    )
    by_id = {i.pk: i for i in indicators}
    levels = {
        by_id[indicator_id].slug: level if level == Level.NOT_APPLICABLE else int(level)
        for indicator_id, level in assessment.answers.values_list("indicator_id", "level")
        if indicator_id in by_id
    }
    problems = answer_problems(framework_spec_from(assessment.framework, indicators), levels)
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


@dataclass(frozen=True)
class AssessmentResults:
    assessment: Assessment
    result: ScoreResult
    overall: Decimal | None
    reference_overall: Decimal | None
    critical_zero: list[Indicator]
    domains: list[DomainRow]
    actions: list[ActionRow]
    answers: dict[str, Answer]
    indicators: list[Indicator]

    @property
    def answer_rows(self) -> list[tuple[Indicator, Answer]]:
        return [(i, self.answers[i.slug]) for i in self.indicators]

    @property
    def uncapped_band(self) -> str | None:
        return uncapped_band(self.result.overall)

    def radar_data(self) -> dict:
        return {
            "labels": [d.title for d in self.domains],
            "council": [_float(d.score) for d in self.domains],
            "reference": [_float(d.reference_score) for d in self.domains],
            "council_name": self.assessment.authority.name,
        }


def assessment_results(assessment: Assessment) -> AssessmentResults:
    """Scores, benchmark and action plan of a complete assessment, in a fixed number of queries."""
    indicators = list(
        Indicator.objects.filter(framework=assessment.framework_id).select_related("domain")
    )
    by_id = {i.pk: i for i in indicators}
    answers = {}
    for answer in assessment.answers.all():
        answer.indicator = by_id[answer.indicator_id]  # already loaded: no join
        answers[answer.indicator.slug] = answer
    spec = framework_spec_from(assessment.framework, indicators)
    result = score(spec, {slug: a.scored_level for slug, a in answers.items()})
    by_slug = {i.slug: i for i in indicators}
    domain_titles = {i.domain.slug: i.domain.title for i in indicators}
    planned = {p.indicator_id: p for p in PlannedAction.objects.filter(assessment=assessment)}
    return AssessmentResults(
        assessment=assessment,
        result=result,
        overall=round_half_up(result.overall),
        reference_overall=round_half_up(result.reference_overall),
        critical_zero=[i for i in indicators if i.critical and answers[i.slug].scored_level == 0],
        domains=[
            DomainRow(
                slug=d.slug,
                title=domain_titles[d.slug],
                score=round_half_up(d.score),
                rag=d.rag,
                reference_score=round_half_up(d.reference_score),
                gap=round_half_up(d.gap),
            )
            for d in result.domains
        ],
        actions=[
            ActionRow(
                indicator=by_slug[a.indicator],
                domain_title=domain_titles[a.domain],
                level=a.level,
                reference_level=a.reference_level,
                priority=a.priority,
                planned=planned.get(by_slug[a.indicator].pk),
            )
            for a in result.actions
        ],
        answers=answers,
        indicators=indicators,
    )


def score_assessment(assessment: Assessment) -> ScoreResult:
    """Score a complete assessment from the database (two queries)."""
    indicators = list(
        Indicator.objects.filter(framework=assessment.framework_id).select_related("domain")
    )
    by_id = {i.pk: i.slug for i in indicators}
    levels = {
        by_id[indicator_id]: level if level == Level.NOT_APPLICABLE else int(level)
        for indicator_id, level in assessment.answers.values_list("indicator_id", "level")
    }
    return score(framework_spec_from(assessment.framework, indicators), levels)


def framework_spec_from(framework: FrameworkVersion, indicators: list[Indicator]) -> FrameworkSpec:
    """The scoring spec built from indicators already loaded with their domains (no queries)."""
    domains: dict[str, list[Indicator]] = {}
    domain_rows = {}
    for indicator in sorted(indicators, key=lambda i: (i.domain.sort_order, i.sort_order)):
        domains.setdefault(indicator.domain.slug, []).append(indicator)
        domain_rows[indicator.domain.slug] = indicator.domain
    return FrameworkSpec(
        version=framework.version,
        title=framework.title,
        thresholds=Thresholds(green=framework.green_threshold, amber=framework.amber_threshold),
        domains=tuple(
            DomainSpec(
                slug=slug,
                title=domain_rows[slug].title,
                weight=domain_rows[slug].weight,
                indicators=tuple(
                    IndicatorSpec(
                        slug=i.slug,
                        title=i.title,
                        weight=i.weight,
                        critical=i.critical,
                        reference_level=i.reference_level,
                        allows_na=i.allows_na,
                    )
                    for i in items
                ),
            )
            for slug, items in domains.items()
        ),
    )


@dataclass(frozen=True)
class RoundScore:
    assessment: Assessment
    overall: Decimal | None
    band: str | None
    reference_overall: Decimal | None


def round_history(
    assessment: Assessment, *, known_indicators: dict[int, list[Indicator]] | None = None
) -> list[RoundScore]:
    """The council's submitted rounds in order, each scored on its own framework version.

    ``known_indicators`` (framework id -> its indicators with domains) saves loading them again.
    """
    submitted = list(
        Assessment.objects.filter(authority=assessment.authority_id, status__in=SUBMITTED_STATUSES)
        .select_related("framework", "authority")
        .order_by("round")
    )
    indicators: dict[int, list[Indicator]] = dict(known_indicators or {})
    missing = {a.framework_id for a in submitted} - set(indicators)
    if missing:
        for indicator in Indicator.objects.filter(framework__in=missing).select_related("domain"):
            indicators.setdefault(indicator.framework_id, []).append(indicator)
    levels: dict[int, dict] = {}
    for assessment_id, slug, level in Answer.objects.filter(
        assessment__in=[a.pk for a in submitted]
    ).values_list("assessment_id", "indicator__slug", "level"):
        levels.setdefault(assessment_id, {})[slug] = level if level == "na" else int(level)
    history = []
    for item in submitted:
        spec = framework_spec_from(item.framework, indicators.get(item.framework_id, []))
        answers = levels.get(item.pk, {})
        if answer_problems(spec, answers):
            continue  # reopened after a return and not yet complete again
        result = score(spec, answers)
        history.append(
            RoundScore(
                assessment=item,
                overall=round_half_up(result.overall),
                band=result.band,
                reference_overall=round_half_up(result.reference_overall),
            )
        )
    return history


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# Check your answers and downloads -----------------------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    question: str
    answer: str
    note: str = ""
    files: int = 0
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
    files: dict[int, int] = {}
    for indicator_id in assessment.evidence_files.values_list("indicator_id", flat=True):
        files[indicator_id] = files.get(indicator_id, 0) + 1
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
                        files=files.get(indicator.pk, 0),
                        field_id=f"id_{section.key}-{indicator.slug}-level_0",
                    )
                )
        summary.append(SummarySection(section.key, section.title, section.status, rows))
    return summary


ANSWERS_CSV_HEADER = [
    "council",
    "ons_code",
    "round",
    "framework_version",
    "status",
    "overall",
    "band",
    "capped",
    "domain",
    "domain_score",
    "domain_rag",
    "domain_reference_score",
    "domain_gap",
    "indicator",
    "indicator_title",
    "weight",
    "critical",
    "level",
    "reference_level",
    "evidence_note",
]


def answers_table(results: AssessmentResults) -> list[list]:
    """Tidy rows, one per indicator, with the scores repeated: ready for a spreadsheet."""
    assessment = results.assessment
    domains = {d.slug: d for d in results.domains}
    rows = [ANSWERS_CSV_HEADER]
    for indicator in results.indicators:
        answer = results.answers[indicator.slug]
        domain = domains[indicator.domain.slug]
        rows.append(
            [
                assessment.authority.name,
                assessment.authority.ons_code,
                assessment.get_round_display(),
                assessment.framework.version,
                assessment.get_status_display(),
                results.overall,
                results.result.band,
                "yes" if results.result.capped else "no",
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
            ]
        )
    return rows
