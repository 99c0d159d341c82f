"""Fidelity against outcomes for a cohort: each council's latest fidelity score next to the
change in an official rate since it went live. The rules are on the methodology page."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Q
from django.db.models.fields.json import KeyTransform

from authorities.models import Authority
from cohorts.models import Cohort
from core.numbers import round_half_up
from fidelity.choices import SUBMITTED_STATUSES
from fidelity.models import Assessment
from official_statistics.measures import Catalogue, Measure
from official_statistics.trends import (
    Figure,
    council_rows,
    is_council_row,
    latest_with_value,
    measure_series,
)

# The two changes the reviewers' scatter shows, by catalogue slug.
SCATTER_MEASURES = ("child-protection-plan-rate", "looked-after-rate")
MIN_FOR_CORRELATION = 3


def baseline_period(went_live: datetime.date) -> str:
    """The last year, as DfE publishes it (at 31 March), that ended before go-live."""
    if went_live > datetime.date(went_live.year, 3, 31):
        return str(went_live.year)
    return str(went_live.year - 1)


@dataclass
class CouncilPoint:
    authority: Authority
    fidelity: Decimal | None = None
    fidelity_round: str = ""
    baseline_period: str = ""
    baseline: Figure | None = None
    latest_period: str = ""
    latest: Figure | None = None
    change: Decimal | None = None
    missing: str = ""  # why the council is not on the chart

    @property
    def change_shown(self) -> str:
        return "" if self.change is None else str(round_half_up(self.change, 1))


@dataclass
class Scatter:
    measure: Measure
    unavailable: str = ""
    points: list[CouncilPoint] = field(default_factory=list)
    correlation: Decimal | None = None
    correlation_missing: str = ""
    first_period: str | None = None  # the earliest imported year with a figure, any council

    @property
    def plotted(self) -> list[CouncilPoint]:
        return [p for p in self.points if not p.missing]

    def chart_data(self) -> dict:
        return {
            "title": f"Fidelity against the change since go-live: {self.measure.label}",
            "x_label": "Latest fidelity score (0 to 100)",
            "y_label": f"Change since go-live ({self.measure.unit_label.lower()})",
            "points": [
                {"label": p.authority.name, "x": float(p.fidelity), "y": float(p.change)}
                for p in self.plotted
            ],
        }


def latest_fidelity(councils: list[Authority]) -> dict[int, tuple[Decimal | None, str]]:
    """Each council's latest submitted or validated overall score and its round (1 query).
    Returned rounds are left out: the council is changing them."""
    latest = {}
    rows = (
        Assessment.objects.filter(authority__in=councils, status__in=SUBMITTED_STATUSES)
        .order_by("authority_id", "round")
        .annotate(overall=KeyTransform("overall", "scores"))
    )
    for assessment in rows:
        overall = assessment.overall
        latest[assessment.authority_id] = (
            None if overall is None else Decimal(str(overall)),
            assessment.get_round_display(),
        )
    return latest


def correlation(points: list[CouncilPoint]) -> tuple[Decimal | None, str]:
    """Pearson's r between fidelity and change, to two decimals; or why there is none."""
    if len(points) < MIN_FOR_CORRELATION:
        return None, (
            f"{len(points)} {'council has' if len(points) == 1 else 'councils have'} both "
            f"figures: at least {MIN_FOR_CORRELATION} are needed"
        )
    try:
        r = statistics.correlation(
            [float(p.fidelity) for p in points], [float(p.change) for p in points]
        )
    except statistics.StatisticsError:
        return None, "the scores or the changes are all the same, so there is no correlation"
    return round_half_up(Decimal(str(r)), 2), ""


def fidelity_against_outcomes(
    cohort: Cohort, catalogue: Catalogue, *, only: str | None = None
) -> list[Scatter]:
    """Both scatters (or, with ``only``, that one) in 5 queries whatever the cohort's size."""
    councils = list(cohort.councils.order_by("name"))
    fidelity = latest_fidelity(councils)
    measures = [
        m for slug in SCATTER_MEASURES if only in (None, slug) and (m := catalogue.get(slug))
    ]
    if not measures:
        return []
    areas = reduce(or_, (council_rows(council) for council in councils), Q(pk__in=[]))
    unavailable, figures, _ = measure_series(measures, catalogue, areas)
    scatters = []
    for measure in measures:
        rows = figures.get(measure.slug, [])
        scatter = Scatter(
            measure=measure,
            unavailable=unavailable.get(measure.slug, ""),
            first_period=min(
                (row.period for row in rows if row.figure.value is not None), default=None
            ),
        )
        scatters.append(scatter)
        for council in councils:
            series = {row.period: row.figure for row in rows if is_council_row(council, row)}
            scatter.points.append(_point(council, fidelity.get(council.pk), series))
        scatter.correlation, scatter.correlation_missing = correlation(scatter.plotted)
    return scatters


def _point(council: Authority, fidelity, series: dict[str, Figure]) -> CouncilPoint:
    point = CouncilPoint(authority=council)
    if fidelity is not None:
        point.fidelity, point.fidelity_round = fidelity
    point.latest_period = latest_with_value(series) or ""
    point.latest = series.get(point.latest_period)
    if council.went_live is not None:
        point.baseline_period = baseline_period(council.went_live)
        point.baseline = series.get(point.baseline_period)
    if point.fidelity is None:
        point.missing = "no submitted fidelity score"
    elif council.went_live is None:
        point.missing = "no go-live date recorded"
    elif point.baseline is None or point.baseline.value is None:
        point.missing = f"no figure for {point.baseline_period}, the last year before go-live"
        first = min((p for p, f in series.items() if f.value is not None), default=None)
        if first is not None and first > point.baseline_period:
            point.missing += f" (the imported figures start in {first})"
    elif point.latest_period <= point.baseline_period:
        point.missing = "no figure since go-live"
    else:
        point.change = point.latest.value - point.baseline.value
    return point
