"""Team consensus maths: how far the members of a council agreed when they rated on their own.

Pure functions of the ratings (no ORM), so the pages, the reviewer's drill-down and the exports
all count the same way:

- A rating is "0", "1", "2" or "na". "Not applicable" is an answer like any other: members
  agree only if they all gave the same one, and "na" beside levels can leave no majority.
- An indicator's spread is every rating recorded for it by the time it is read. A member who
  did not finish counts for the indicators they rated and for no others.
- Disagreement is marked when the levels given are 2 apart (a 0 and a 2) or when no answer was
  given by more than half of those who rated it.
- Agreement is the share of indicators on which everyone who rated them gave the same answer,
  out of the indicators rated by at least two members (one rating cannot agree or disagree).
  Overall it counts indicators across every domain, not the average of the domains' shares.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from core.numbers import round_half_up

NA = "na"
LEVEL_LABELS = {
    "0": "0: not in place",
    "1": "1: partially in place",
    "2": "2: fully in place",
    NA: "Not applicable",
}


@dataclass(frozen=True)
class Rating:
    rater: str
    level: str
    note: str = ""


@dataclass(frozen=True)
class Spread:
    """Who said what about one indicator."""

    ratings: tuple[Rating, ...]

    @property
    def counts(self) -> list[tuple[str, int]]:
        """Each answer given and how many gave it, in level order, "na" last."""
        counter = Counter(r.level for r in self.ratings)
        return [(level, counter[level]) for level in LEVEL_LABELS if counter[level]]

    @property
    def comparable(self) -> bool:
        return len(self.ratings) >= 2

    @property
    def unanimous(self) -> bool:
        return self.comparable and len({r.level for r in self.ratings}) == 1

    @property
    def majority(self) -> str | None:
        """The answer given by more than half of those who rated, if any."""
        for level, count in self.counts:
            if 2 * count > len(self.ratings):
                return level
        return None

    @property
    def two_apart(self) -> bool:
        levels = [int(r.level) for r in self.ratings if r.level != NA]
        return bool(levels) and max(levels) - min(levels) >= 2

    @property
    def disagreement(self) -> bool:
        return self.comparable and (self.two_apart or self.majority is None)


def spread(ratings: Iterable[Rating]) -> Spread:
    return Spread(tuple(ratings))


@dataclass(frozen=True)
class DomainAgreement:
    slug: str
    title: str
    agreed: int
    compared: int

    @property
    def share(self) -> Decimal | None:
        return _percent(self.agreed, self.compared)


@dataclass(frozen=True)
class Agreement:
    domains: list[DomainAgreement]

    @property
    def agreed(self) -> int:
        return sum(d.agreed for d in self.domains)

    @property
    def compared(self) -> int:
        return sum(d.compared for d in self.domains)

    @property
    def share(self) -> Decimal | None:
        return _percent(self.agreed, self.compared)


def agreement(
    domains: Sequence[tuple[str, str, Sequence[str]]],
    ratings: Mapping[str, Iterable[str]],
) -> Agreement:
    """``domains`` are (slug, title, indicator slugs) in order; ``ratings`` maps an indicator
    slug to the answers members gave it. Indicators nobody or one member rated count nowhere."""
    rows = []
    for slug, title, indicators in domains:
        agreed = compared = 0
        for indicator in indicators:
            given = list(ratings.get(indicator, ()))
            if len(given) < 2:
                continue
            compared += 1
            agreed += len(set(given)) == 1
        rows.append(DomainAgreement(slug, title, agreed, compared))
    return Agreement(rows)


def _percent(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return round_half_up(Fraction(100 * part, whole))
