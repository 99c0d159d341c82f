"""A council's curated official measures over time, against England, its region and the median
of its statistical neighbours: the figures behind the outcomes pages and the reviewers' scatter.

Everything is read in a fixed number of queries whatever the number of measures, areas or
years: the series of every measure at once, then the population, then every council's latest
figure for the measures that are banded. Rules (the rate, the median, the quartile bands) are
written out on the methodology page.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from operator import or_

from django.db.models import Max, Q

from authorities.models import Authority
from outcomes.choices import Level, Polarity
from outcomes.measures import ONE_DECIMAL, Catalogue, Measure, Source, rate_per_10000
from outcomes.models import Observation, StatisticalNeighbour

BANDS = "ABCD"
BAND_LABELS = {
    "A": "A (best quarter)",
    "B": "B (second quarter)",
    "C": "C (third quarter)",
    "D": "D (worst quarter)",
}
NO_POPULATION = "no population estimate for the year before"


@dataclass(frozen=True)
class Figure:
    """One area's figure for a period: a number, or why there is none (a DfE symbol or a note)."""

    value: Decimal | None
    symbol: str = ""
    note: str = ""


@dataclass
class MeasureTrend:
    measure: Measure
    # The series is missing entirely when the dataset has not been imported (or the catalogue
    # does not pick out one breakdown): `unavailable` says which.
    unavailable: str = ""
    periods: list[str] = field(default_factory=list)
    council: dict[str, Figure] = field(default_factory=dict)
    england: dict[str, Figure] = field(default_factory=dict)
    region: dict[str, Figure] = field(default_factory=dict)
    neighbours: dict[str, Figure] = field(default_factory=dict)
    neighbours_counted: dict[str, int] = field(default_factory=dict)
    latest_period: str | None = None
    band: str | None = None
    band_councils: int = 0

    @property
    def band_label(self) -> str:
        return BAND_LABELS.get(self.band or "", "")

    def rows(self) -> list[dict]:
        """The table: one row per period, oldest first."""
        return [
            {
                "period": period,
                "council": self.council.get(period),
                "england": self.england.get(period),
                "region": self.region.get(period),
                "neighbours": self.neighbours.get(period),
                "neighbours_counted": self.neighbours_counted.get(period, 0),
            }
            for period in self.periods
        ]

    def chart_data(self, *, council_name: str, region_name: str, go_live) -> dict:
        def values(figures: dict[str, Figure]) -> list[float | None]:
            return [
                None
                if figures.get(p) is None or figures[p].value is None
                else float(figures[p].value)
                for p in self.periods
            ]

        return {
            "title": self.measure.label,
            "unit": self.measure.unit_label,
            "years": [int(p[:4]) for p in self.periods],
            "series": [
                {"label": council_name, "values": values(self.council)},
                {"label": "England", "values": values(self.england)},
                {"label": region_name or "Region", "values": values(self.region)},
                {"label": "Statistical neighbours (median)", "values": values(self.neighbours)},
            ],
            "go_live": go_live,
        }


def neighbour_numbers(authority: Authority) -> tuple[int | None, list[int]]:
    """The DfE numbers of the council's ten statistical neighbours in the latest model year."""
    rows = StatisticalNeighbour.objects.filter(dfe_number=authority.dfe_number)
    latest = rows.aggregate(year=Max("model_year"))["year"]
    if latest is None:
        return None, []
    numbers = rows.filter(model_year=latest).order_by("rank")
    return latest, list(numbers.values_list("neighbour_dfe_number", flat=True))


def _breakdowns(sources: list[Source]) -> dict[tuple[str, str], list[tuple[str, dict]]]:
    """Every (filter_key, filters) imported for each (dataset, column) asked for, in one query."""
    wanted = reduce(or_, (Q(dataset=s.dataset, measure=s.column) for s in sources))
    found = defaultdict(list)
    rows = (
        Observation.objects.filter(wanted)
        .values_list("dataset", "measure", "filter_key", "filters")
        .distinct()
        .order_by("dataset", "measure", "filter_key")
    )
    for dataset, column, key, filters in rows:
        found[(dataset, column)].append((key, filters))
    return found


def resolve_breakdown(source: Source, breakdowns) -> tuple[str | None, str]:
    """The one filter_key the source picks out, or None and the reason there is none."""
    imported = breakdowns.get((source.dataset, source.column))
    if not imported:
        return None, f"{source.dataset} ({source.column}) has not been imported"
    matching = [
        key
        for key, filters in imported
        if all(filters.get(column) == value for column, value in source.filters.items())
    ]
    if len(matching) != 1:
        return None, (
            f"the catalogue's filters pick out {len(matching)} breakdowns of {source.column}, "
            "not one"
        )
    return matching[0], ""


def _figure(value: Decimal | None, symbol: str) -> Figure:
    return Figure(value=value, symbol=symbol)


def _derive_rate(count: Figure, population: Figure | None) -> Figure:
    if count.value is None:
        return count
    if population is None or population.value in (None, 0):
        return Figure(value=None, note=NO_POPULATION)
    return Figure(value=rate_per_10000(count.value, population.value))


@dataclass(frozen=True)
class Population:
    """The 0-17 population by (area_code, period), for deriving rates; or why there is none."""

    key: str | None
    reason: str = ""
    figures: dict = field(default_factory=dict)

    def rate_or_figure(self, measure: Measure, figure: Figure, code: str, period: str) -> Figure:
        """The figure as shown: derived per 10,000 for a rate measure, else as published."""
        if not measure.is_derived_rate:
            return figure
        if self.key is None:
            return Figure(value=None, note=self.reason)
        return _derive_rate(figure, self.figures.get((code, _previous_year(period))))


def _population(catalogue: Catalogue, breakdowns, areas: Q, wanted: bool) -> Population:
    key, reason = resolve_breakdown(catalogue.population, breakdowns)
    if key is None or not wanted:
        return Population(key=key, reason=reason)
    source = catalogue.population
    rows = Observation.objects.filter(
        areas, dataset=source.dataset, measure=source.column, filter_key=key
    ).values_list("area_code", "period", "value", "symbol")
    return Population(
        key=key,
        figures={(code, period): _figure(value, symbol) for code, period, value, symbol in rows},
    )


def _previous_year(period: str) -> str | None:
    return str(int(period) - 1) if period.isdigit() and len(period) == 4 else None


def median(values: list[Decimal]) -> Decimal | None:
    """The exact median, shown to one decimal place with halves rounded up; None if empty."""
    if not values:
        return None
    return Decimal(statistics.median(values)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def quartile_band(value: Decimal, others: list[Decimal], polarity: str) -> str:
    """A to D: A when the council's position (1 + the number of councils doing better) is in
    the best quarter of all the councils with a figure, D in the worst."""
    if polarity == Polarity.LOWER:
        better = sum(1 for other in others if other < value)
    else:
        better = sum(1 for other in others if other > value)
    position, count = better + 1, len(others)
    for index, letter in enumerate(BANDS):
        if position * 4 <= count * (index + 1):
            return letter
    return BANDS[-1]


def outcome_trends(authority: Authority, catalogue: Catalogue) -> list[MeasureTrend]:
    """Every curated measure for the council, in the catalogue's order (5 queries)."""
    _, neighbours = neighbour_numbers(authority)
    measures = list(catalogue.measures)
    breakdowns = _breakdowns([m.source for m in measures] + [catalogue.population])
    trends = [MeasureTrend(measure=m) for m in measures]
    keys = {}
    for trend in trends:
        key, reason = resolve_breakdown(trend.measure.source, breakdowns)
        if key is None:
            trend.unavailable = reason
        else:
            keys[trend.measure.slug] = key
    areas = (
        Q(level=Level.NATIONAL)
        | Q(level=Level.REGIONAL, area_name=authority.region)
        | Q(level=Level.LOCAL_AUTHORITY, area_code=authority.ons_code)
        | Q(level=Level.LOCAL_AUTHORITY, dfe_number__in=neighbours)
    )
    series_filter = [
        Q(
            dataset=t.measure.source.dataset,
            measure=t.measure.source.column,
            filter_key=keys[t.measure.slug],
        )
        for t in trends
        if t.measure.slug in keys
    ]
    if not series_filter:
        return trends
    rows = Observation.objects.filter(reduce(or_, series_filter), areas).values_list(
        "dataset",
        "measure",
        "filter_key",
        "level",
        "area_code",
        "dfe_number",
        "period",
        "value",
        "symbol",
    )
    by_series = defaultdict(list)
    for dataset, column, key, *rest in rows:
        by_series[(dataset, column, key)].append(rest)

    population = _population(
        catalogue, breakdowns, areas, any(t.measure.is_derived_rate for t in trends)
    )

    banded = []
    for trend in trends:
        key = keys.get(trend.measure.slug)
        if key is None:
            continue
        source = trend.measure.source
        neighbour_values: dict[str, list[Decimal]] = defaultdict(list)
        periods = set()
        for level, code, dfe_number, period, value, symbol in by_series[
            (source.dataset, source.column, key)
        ]:
            figure = population.rate_or_figure(trend.measure, _figure(value, symbol), code, period)
            periods.add(period)
            if level == Level.NATIONAL:
                trend.england[period] = figure
            elif level == Level.REGIONAL:
                trend.region[period] = figure
            elif code == authority.ons_code:
                trend.council[period] = figure
            is_neighbour = level == Level.LOCAL_AUTHORITY and dfe_number in neighbours
            if is_neighbour and figure.value is not None:
                neighbour_values[period].append(figure.value)
        trend.periods = sorted(periods)
        for period in trend.periods:
            trend.neighbours_counted[period] = len(neighbour_values[period])
            middle = median(neighbour_values[period])
            trend.neighbours[period] = (
                Figure(value=middle)
                if middle is not None
                else Figure(value=None, note="no figures")
            )
        with_value = [
            p for p in trend.periods if p in trend.council and trend.council[p].value is not None
        ]
        trend.latest_period = with_value[-1] if with_value else None
        if trend.measure.has_polarity and trend.latest_period:
            banded.append(trend)

    _band(banded, keys, catalogue, breakdowns)
    return trends


def _band(trends: list[MeasureTrend], keys, catalogue: Catalogue, breakdowns) -> None:
    """Quartile bands from every council's figure in the council's latest period (2 queries)."""
    if not trends:
        return
    wanted = reduce(
        or_,
        (
            Q(
                dataset=t.measure.source.dataset,
                measure=t.measure.source.column,
                filter_key=keys[t.measure.slug],
                period=t.latest_period,
            )
            for t in trends
        ),
    )
    every_council = Q(level=Level.LOCAL_AUTHORITY)
    rates = [t for t in trends if t.measure.is_derived_rate]
    previous_years = {_previous_year(t.latest_period) for t in rates}
    population = _population(
        catalogue, breakdowns, every_council & Q(period__in=previous_years), bool(rates)
    )
    values = defaultdict(list)
    rows = Observation.objects.filter(wanted, every_council, value__isnull=False).values_list(
        "dataset", "measure", "filter_key", "period", "area_code", "value"
    )
    for dataset, column, key, period, code, value in rows:
        values[(dataset, column, key, period)].append((code, Figure(value=value)))
    for trend in trends:
        source = trend.measure.source
        figures = values[
            (source.dataset, source.column, keys[trend.measure.slug], trend.latest_period)
        ]
        shown = [
            population.rate_or_figure(trend.measure, figure, code, trend.latest_period)
            for code, figure in figures
        ]
        others = [figure.value for figure in shown if figure.value is not None]
        trend.band_councils = len(others)
        own = trend.council[trend.latest_period].value
        trend.band = quartile_band(own, others, trend.measure.polarity) if others else None


@dataclass
class AreaTrend:
    """One measure for one area next to England, year by year (the impact page's figures)."""

    measure: Measure
    area_name: str = ""
    unavailable: str = ""
    periods: list[str] = field(default_factory=list)
    area: dict[str, Figure] = field(default_factory=dict)
    england: dict[str, Figure] = field(default_factory=dict)

    def rows(self) -> list[dict]:
        return [
            {"period": p, "area": self.area.get(p), "england": self.england.get(p)}
            for p in self.periods
        ]


def measure_figures(
    measure: Measure, catalogue: Catalogue, areas: Q
) -> tuple[str, list[tuple[str, str, str, str, int | None, Figure]]]:
    """The measure's figures for the areas as (level, area_code, area_name, period,
    dfe_number, figure), rates derived; or the reason there are none (3 queries at most)."""
    breakdowns = _breakdowns([measure.source, catalogue.population])
    key, reason = resolve_breakdown(measure.source, breakdowns)
    if key is None:
        return reason, []
    rows = list(
        Observation.objects.filter(
            areas, dataset=measure.source.dataset, measure=measure.source.column, filter_key=key
        ).values_list("level", "area_code", "area_name", "period", "dfe_number", "value", "symbol")
    )
    population = _population(catalogue, breakdowns, areas, measure.is_derived_rate)
    figures = [
        (
            level,
            code,
            name,
            period,
            dfe_number,
            population.rate_or_figure(measure, _figure(value, symbol), code, period),
        )
        for level, code, name, period, dfe_number, value, symbol in rows
    ]
    return "", figures


def area_trend(measure: Measure, catalogue: Catalogue, area_code: str) -> AreaTrend:
    """The measure for the area (an ONS code) and for England, oldest year first."""
    trend = AreaTrend(measure=measure)
    areas = Q(level=Level.NATIONAL) | Q(level=Level.LOCAL_AUTHORITY, area_code=area_code)
    trend.unavailable, figures = measure_figures(measure, catalogue, areas)
    if trend.unavailable:
        return trend
    if not any(level == Level.LOCAL_AUTHORITY for level, *_ in figures):
        trend.unavailable = f"{measure.source.dataset} has no figures for area {area_code}"
        return trend
    for level, _, name, period, _, figure in figures:
        if level == Level.NATIONAL:
            trend.england[period] = figure
        else:
            trend.area[period] = figure
            trend.area_name = name
    trend.periods = sorted(set(trend.area) | set(trend.england))
    return trend


def percent_change(before: Decimal, after: Decimal) -> Decimal | None:
    """The change from before to after as a percentage of before, one decimal, halves up."""
    if before == 0:
        return None
    return ((after - before) * 100 / before).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
