"""Fidelity scoring: a pure function of (framework, answers), as DESIGN.md section 3 sets out.

Scores are exact fractions internally; only output is rounded, to one decimal, half up
(away from zero, like Decimal's ROUND_HALF_UP), never with Python's round().
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from core.numbers import round_half_up

NA = "na"
LEVELS = (0, 1, 2)
HIGH_FIDELITY = "High fidelity"
MODERATE_FIDELITY = "Moderate fidelity"
LOW_FIDELITY = "Low fidelity"
BAND_THRESHOLDS = ((80, HIGH_FIDELITY), (50, MODERATE_FIDELITY))

Answer = int | str  # 0, 1, 2 or "na"


@dataclass(frozen=True)
class IndicatorSpec:
    slug: str
    title: str
    weight: int = 1
    critical: bool = False
    reference_level: int = 2
    allows_na: bool = False


@dataclass(frozen=True)
class DomainSpec:
    slug: str
    title: str
    indicators: tuple[IndicatorSpec, ...]
    weight: int = 1


@dataclass(frozen=True)
class Thresholds:
    green: int = 80
    amber: int = 50


@dataclass(frozen=True)
class FrameworkSpec:
    version: str
    domains: tuple[DomainSpec, ...]
    thresholds: Thresholds = Thresholds()
    title: str = ""

    def indicators(self) -> list[tuple[DomainSpec, IndicatorSpec]]:
        return [(domain, indicator) for domain in self.domains for indicator in domain.indicators]


@dataclass(frozen=True)
class DomainResult:
    slug: str
    score: Fraction | None
    rag: str | None
    reference_score: Fraction | None

    @property
    def gap(self) -> Fraction | None:
        if self.score is None or self.reference_score is None:
            return None
        return self.reference_score - self.score


@dataclass(frozen=True)
class Action:
    indicator: str
    domain: str
    level: int
    reference_level: int
    priority: int


@dataclass(frozen=True)
class ScoreResult:
    overall: Fraction | None
    band: str | None
    capped: bool
    domains: tuple[DomainResult, ...]
    actions: tuple[Action, ...]
    reference_overall: Fraction | None


# From the database to scoring ----------------------------------------------------------------


def scoring_level(stored: str) -> Answer:
    """An answer's level as the database keeps it ("0", "1", "2" or "na") as scoring takes it."""
    return stored if stored == NA else int(stored)


def scoring_answers(stored: Iterable[tuple[str, str]]) -> dict[str, Answer]:
    """A stored assessment's answers, (indicator slug, stored level) pairs, as scoring takes them."""
    return {slug: scoring_level(level) for slug, level in stored}


def framework_spec(framework, indicators: Iterable, domains: Iterable = ()) -> FrameworkSpec:
    """The spec of a stored framework version, from the version and its indicators, each with its
    ``domain`` (model instances, or anything with the same attributes). ``domains`` adds any
    domain with no indicator yet (a version being drafted in the admin)."""
    by_domain: dict = {domain.pk: (domain, []) for domain in domains}
    for indicator in indicators:
        by_domain.setdefault(indicator.domain.pk, (indicator.domain, []))[1].append(indicator)
    ordered = sorted(by_domain.values(), key=lambda entry: entry[0].sort_order)
    return FrameworkSpec(
        version=framework.version,
        title=framework.title,
        thresholds=Thresholds(green=framework.green_threshold, amber=framework.amber_threshold),
        domains=tuple(
            DomainSpec(
                slug=domain.slug,
                title=domain.title,
                weight=domain.weight,
                indicators=tuple(
                    IndicatorSpec(
                        slug=i.slug,
                        title=i.title,
                        weight=i.weight,
                        critical=i.critical,
                        reference_level=i.reference_level,
                        allows_na=i.allows_na,
                    )
                    for i in sorted(items, key=lambda i: i.sort_order)
                ),
            )
            for domain, items in ordered
        ),
    )


# Scoring ---------------------------------------------------------------------------------------


def answer_problems(framework: FrameworkSpec, answers: Mapping[str, object]) -> list[str]:
    """Every reason ``answers`` cannot be scored: missing or unknown slugs, bad levels, bad 'na'."""
    problems = []
    known = {indicator.slug: indicator for _, indicator in framework.indicators()}
    for slug, indicator in known.items():
        if slug not in answers:
            problems.append(f"{slug}: no answer; answer {_allowed(indicator)}")
    for slug, level in answers.items():
        indicator = known.get(slug)
        if indicator is None:
            problems.append(f"{slug}: not an indicator of framework {framework.version}")
        elif level == NA:
            if not indicator.allows_na:
                problems.append(f'{slug}: "na" is not allowed for this indicator; answer 0, 1 or 2')
        elif type(level) is not int or level not in LEVELS:  # not True, 1.0 or "1"
            problems.append(f"{slug}: {level!r} is not a level; answer {_allowed(indicator)}")
    return problems


def _allowed(indicator: IndicatorSpec) -> str:
    return '0, 1, 2 or "na"' if indicator.allows_na else "0, 1 or 2"


def score(framework: FrameworkSpec, answers: Mapping[str, Answer]) -> ScoreResult:
    """Score complete, valid answers (check them with ``answer_problems`` first)."""
    problems = answer_problems(framework, answers)
    if problems:
        raise ValueError("; ".join(problems))

    domain_results = []
    for domain in framework.domains:
        answered = [(i, answers[i.slug]) for i in domain.indicators if answers[i.slug] != NA]
        council = _weighted_score([(level, i.weight) for i, level in answered])
        reference = _weighted_score([(i.reference_level, i.weight) for i, _ in answered])
        domain_results.append(
            DomainResult(domain.slug, council, _rag(council, framework.thresholds), reference)
        )

    weights = {domain.slug: domain.weight for domain in framework.domains}
    overall = _overall([(r.score, weights[r.slug]) for r in domain_results])
    reference_overall = _overall([(r.reference_score, weights[r.slug]) for r in domain_results])
    capped = any(i.critical and answers[i.slug] == 0 for _, i in framework.indicators())
    return ScoreResult(
        overall=overall,
        band=_band(overall, capped),
        capped=capped,
        domains=tuple(domain_results),
        actions=tuple(action_plan(framework, answers)),
        reference_overall=reference_overall,
    )


def action_plan(framework: FrameworkSpec, answers: Mapping[str, Answer]) -> list[Action]:
    """One action per answered indicator below its reference level (the model standard), most urgent first."""
    ranked = []
    for domain_index, domain in enumerate(framework.domains):
        for indicator_index, indicator in enumerate(domain.indicators):
            level = answers[indicator.slug]
            if level == NA or level >= indicator.reference_level:
                continue
            priority = (
                (indicator.reference_level - level)
                * indicator.weight
                * (2 if indicator.critical else 1)
            )
            action = Action(indicator.slug, domain.slug, level, indicator.reference_level, priority)
            ranked.append(((-priority, domain_index, indicator_index), action))
    return [action for _, action in sorted(ranked, key=lambda item: item[0])]


def result_as_dict(result: ScoreResult) -> dict:
    """The command-line contract's JSON shape, rounded for output."""
    return {
        "overall": _number(result.overall),
        "band": result.band,
        "capped": result.capped,
        "domains": [
            {
                "slug": domain.slug,
                "score": _number(domain.score),
                "rag": domain.rag,
                "reference_score": _number(domain.reference_score),
                "gap": _number(domain.gap),
            }
            for domain in result.domains
        ],
        "actions": [
            {
                "indicator": action.indicator,
                "domain": action.domain,
                "level": action.level,
                "reference_level": action.reference_level,
                "priority": action.priority,
            }
            for action in result.actions
        ],
    }


def stored_result(result: ScoreResult) -> dict:
    """What an assessment keeps at submission (Assessment.scores): the command-line contract's
    shape, plus the reference overall and the band the overall alone gives, so that no page,
    chart, export or API response ever needs to score a submitted assessment again."""
    return result_as_dict(result) | {
        "reference_overall": _number(result.reference_overall),
        "uncapped_band": uncapped_band(result.overall),
    }


def _weighted_score(levels_and_weights: list[tuple[int, int]]) -> Fraction | None:
    if not levels_and_weights:
        return None
    achieved = sum(level * weight for level, weight in levels_and_weights)
    possible = sum(2 * weight for _, weight in levels_and_weights)
    return Fraction(100 * achieved, possible)


def _overall(scores_and_weights: list[tuple[Fraction | None, int]]) -> Fraction | None:
    scored = [(s, w) for s, w in scores_and_weights if s is not None]
    if not scored:
        return None
    return sum((s * w for s, w in scored), Fraction(0)) / sum(w for _, w in scored)


def _rag(value: Fraction | None, thresholds: Thresholds) -> str | None:
    if value is None:
        return None
    if value >= thresholds.green:
        return "green"
    return "amber" if value >= thresholds.amber else "red"


def uncapped_band(overall: Fraction | None) -> str | None:
    """The band the overall score alone gives, to explain a critical-indicator cap."""
    return _band(overall, capped=False)


def _band(overall: Fraction | None, capped: bool) -> str | None:
    if capped:
        return LOW_FIDELITY
    if overall is None:
        return None
    for threshold, band in BAND_THRESHOLDS:
        if overall >= threshold:
            return band
    return LOW_FIDELITY


def _number(value: Fraction | None) -> float | None:
    decimal = round_half_up(value)
    return None if decimal is None else float(decimal)
