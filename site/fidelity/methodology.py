"""The worked example on the methodology page, computed by the scoring module itself."""

from dataclasses import dataclass

from core.numbers import round_half_up
from fidelity.scoring import (
    NA,
    DomainSpec,
    FrameworkSpec,
    IndicatorSpec,
    ScoreResult,
    score,
)

EXAMPLE = FrameworkSpec(
    version="example",
    domains=(
        DomainSpec(
            slug="team-structure",
            title="Team structure",
            weight=2,
            indicators=(
                IndicatorSpec(
                    "specialists", "Adult specialists in every team", weight=2, critical=True
                ),
                IndicatorSpec("co-location", "Teams co-located"),
                IndicatorSpec(
                    "psychologist", "Psychologist access", allows_na=True, reference_level=1
                ),
            ),
        ),
        DomainSpec(
            slug="motivational-interviewing",
            title="Motivational interviewing",
            indicators=(
                IndicatorSpec("mi-training", "Staff trained in MI"),
                IndicatorSpec("mi-practice", "MI skills practice"),
            ),
        ),
    ),
)
EXAMPLE_ANSWERS = {
    "specialists": 2,
    "co-location": 1,
    "psychologist": NA,
    "mi-training": 1,
    "mi-practice": 0,
}


@dataclass(frozen=True)
class WorkedExample:
    framework: FrameworkSpec
    answers: dict
    result: ScoreResult

    def rows(self):
        for domain in self.framework.domains:
            for indicator in domain.indicators:
                yield domain, indicator, self.answers[indicator.slug]

    def domain_lines(self):
        for domain, result in zip(self.framework.domains, self.result.domains, strict=True):
            answered = [i for i in domain.indicators if self.answers[i.slug] != NA]
            achieved = " + ".join(f"{self.answers[i.slug]}×{i.weight}" for i in answered)
            possible = " + ".join(f"2×{i.weight}" for i in answered)
            yield (
                domain,
                achieved,
                possible,
                round_half_up(result.score),
                round_half_up(result.reference_score),
                round_half_up(result.gap),
            )

    @property
    def overall(self):
        return round_half_up(self.result.overall)


def worked_example() -> WorkedExample:
    return WorkedExample(EXAMPLE, EXAMPLE_ANSWERS, score(EXAMPLE, EXAMPLE_ANSWERS))
