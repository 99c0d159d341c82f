"""The methodology page's figures: the worked example, computed by the scoring module itself,
and how many reference levels rest on a published source."""

from collections import Counter
from dataclasses import dataclass

from core.numbers import round_half_up
from fidelity.choices import ReferenceSource
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


def basis_counts(indicators) -> dict[str, int]:
    """How many reference levels rest on each kind of source, and the total."""
    counts = Counter(indicator.reference_source for indicator in indicators)
    return {
        "total": sum(counts.values()),
        **{source.value: counts[source] for source in ReferenceSource},
    }
