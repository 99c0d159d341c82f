"""A council's curated official measures over time, against England, its region and the median
of its statistical neighbours: the figures behind the outcomes pages, the impact page and the
reviewers' scatter.

Everything is read in a fixed number of queries whatever the number of measures, areas or
years. Figures are kept exact (a derived rate is the unrounded quotient) and rounded only when
shown, so medians, bands and changes never start from rounded numbers. The rules are written
out on the methodology page.
"""

from __future__ import annotations

import hashlib
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Max, Q

from authorities.models import Authority
from core.numbers import round_half_up
from official_statistics.choices import Level, Polarity
from official_statistics.measures import Catalogue, Measure, Source, exact_rate_per_10000
from official_statistics.models import Observation, StatisticalNeighbour, StatisticsImport
from official_statistics.selectors import format_value

BANDS = "ABCD"
BAND_LABELS = {
    "A": "A (best quarter)",
    "B": "B (second quarter)",
    "C": "C (third quarter)",
    "D": "D (worst quarter)",
}
# Fewer councils than this with a figure make quarters meaningless: no band is given.
BAND_MINIMUM = 4
NO_POPULATION = "no population estimate for the year before"
DERIVED_PLACES = 1  # our rates and medians are shown to one decimal place
# What is worked out from every council's rows (the breakdowns imported, the figures a band is
# drawn from) is cached under the statistics' version, so it is read once per import.
DERIVED_CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Figure:
    """One area's figure for a period: a number, or why there is none (a DfE symbol or a note).

    ``value`` is exact; ``places`` says how many decimals to show it with when we worked it out
    (a published figure is shown as published).
    """

    value: Decimal | None
    symbol: str = ""
    note: str = ""
    places: int | None = None

    @property
    def shown(self) -> str:
        if self.value is None:
            return ""
        if self.places is None:
            return format_value(self.value)
        return str(round_half_up(self.value, self.places))


def latest_with_value(figures: dict[str, Figure]) -> str | None:
    """The latest period whose figure is a number."""
    return max((p for p, f in figures.items() if f.value is not None), default=None)


class AreaFigure(NamedTuple):
    level: str
    area_code: str
    area_name: str
    period: str
    dfe_number: int | None
    figure: Figure


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


@dataclass
class OutcomeProfile:
    trends: list[MeasureTrend]
    neighbour_model_year: int | None
    neighbours: list[StatisticalNeighbour]

    @property
    def neighbour_count(self) -> int:
        return len(self.neighbours)

    @property
    def region_matched(self) -> bool:
        """Whether any imported series had figures for the council's region."""
        return any(t.region for t in self.trends) or not any(t.periods for t in self.trends)


def statistical_neighbours(authority: Authority) -> tuple[int | None, list[StatisticalNeighbour]]:
    """The council's ten statistical neighbours in the latest model year, closest first."""
    rows = StatisticalNeighbour.objects.filter(dfe_number=authority.dfe_number)
    latest = rows.aggregate(year=Max("model_year"))["year"]
    if latest is None:
        return None, []
    return latest, list(rows.filter(model_year=latest).order_by("rank"))


def council_rows(authority: Authority) -> Q:
    """The council's own rows: by DfE number, which outlives a change of ONS code (North
    Yorkshire, Somerset, ...), or by its ONS code."""
    return Q(level=Level.LOCAL_AUTHORITY) & (
        Q(dfe_number=authority.dfe_number) | Q(area_code=authority.ons_code)
    )


def is_council_row(authority: Authority, row: AreaFigure) -> bool:
    return row.level == Level.LOCAL_AUTHORITY and (
        row.dfe_number == authority.dfe_number or row.area_code == authority.ons_code
    )


def statistics_version() -> str:
    """Changes whenever the figures do: every import writes its record, and every observation
    added takes a higher id (2 queries, each answered from an index)."""
    imported = StatisticsImport.objects.aggregate(latest=Max("pk"))["latest"]
    observation = Observation.objects.aggregate(latest=Max("pk"))["latest"]
    return f"{imported}-{observation}"


def _cache_key(kind: str, version: str, *parts) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"official-statistics:{kind}:{version}:{digest}"


def _breakdowns(
    sources: list[Source], version: str
) -> dict[tuple[str, str], list[tuple[str, dict]]]:
    """Every (filter_key, filters) imported for each (dataset, column) asked for: one query,
    once per version of the statistics."""
    pairs = sorted({(s.dataset, s.column) for s in sources})
    key = _cache_key("breakdowns", version, pairs)
    found = cache.get(key)
    if found is not None:
        return found
    wanted = reduce(or_, (Q(dataset=dataset, measure=column) for dataset, column in pairs))
    found = defaultdict(list)
    rows = (
        Observation.objects.filter(wanted)
        .values_list("dataset", "measure", "filter_key", "filters")
        .distinct()
        .order_by("dataset", "measure", "filter_key")
    )
    for dataset, column, filter_key, filters in rows:
        found[(dataset, column)].append((filter_key, filters))
    found = dict(found)
    cache.set(key, found, timeout=DERIVED_CACHE_SECONDS)
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


def _previous_year(period: str) -> str | None:
    return str(int(period) - 1) if period.isdigit() and len(period) == 4 else None


@dataclass(frozen=True)
class Population:
    """The 0-17 population by (area_code, period), for deriving rates; or why there is none."""

    key: str | None
    reason: str = ""
    figures: dict = field(default_factory=dict)

    def as_shown(self, measure: Measure, figure: Figure, code: str, period: str) -> Figure:
        """A derived rate per 10,000 for a rate measure; any other figure as published."""
        if not measure.is_derived_rate or figure.value is None:
            return figure
        if self.key is None:
            return Figure(value=None, note=self.reason)
        population = self.figures.get((code, _previous_year(period)))
        if population is None or not population.value:
            return Figure(value=None, note=NO_POPULATION)
        return Figure(
            value=exact_rate_per_10000(figure.value, population.value), places=DERIVED_PLACES
        )


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
        figures={(code, period): Figure(value, symbol) for code, period, value, symbol in rows},
    )


def measure_series(
    measures: list[Measure], catalogue: Catalogue, areas: Q, *, version: str | None = None
) -> tuple[dict[str, str], dict[str, list[AreaFigure]], dict[str, str]]:
    """Every measure's figures for the areas, rates derived (at most 5 queries whatever the
    number of measures, 3 when given the statistics' version): (why each unavailable measure
    is, figures by measure, filter_key by measure)."""
    if version is None:
        version = statistics_version()
    breakdowns = _breakdowns([m.source for m in measures] + [catalogue.population], version)
    unavailable, keys = {}, {}
    for measure in measures:
        key, reason = resolve_breakdown(measure.source, breakdowns)
        if key is None:
            unavailable[measure.slug] = reason
        else:
            keys[measure.slug] = key
    available = [m for m in measures if m.slug in keys]
    if not available:
        return unavailable, {}, keys
    wanted = reduce(
        or_,
        (
            Q(dataset=m.source.dataset, measure=m.source.column, filter_key=keys[m.slug])
            for m in available
        ),
    )
    rows = Observation.objects.filter(wanted, areas).values_list(
        "dataset",
        "measure",
        "filter_key",
        "level",
        "area_code",
        "area_name",
        "period",
        "dfe_number",
        "value",
        "symbol",
    )
    population = _population(
        catalogue, breakdowns, areas, any(m.is_derived_rate for m in available)
    )
    by_source = {(m.source.dataset, m.source.column, keys[m.slug]): m for m in available}
    figures: dict[str, list[AreaFigure]] = {m.slug: [] for m in available}
    for dataset, column, key, level, code, name, period, dfe_number, value, symbol in rows:
        measure = by_source[(dataset, column, key)]
        figure = population.as_shown(measure, Figure(value, symbol), code, period)
        figures[measure.slug].append(AreaFigure(level, code, name, period, dfe_number, figure))
    return unavailable, figures, keys


def median(values: list[Decimal]) -> Decimal | None:
    """The exact median (shown to one decimal place, halves rounded up); None if empty."""
    return Decimal(statistics.median(values)) if values else None


def quartile_band(value: Decimal, others: list[Decimal], polarity: str) -> str | None:
    """A to D: A when the council's position (1 + the number of councils doing better) is in
    the best quarter of all the councils with a figure, D in the worst; None when fewer than
    BAND_MINIMUM councils have one."""
    if len(others) < BAND_MINIMUM:
        return None
    if polarity == Polarity.LOWER:
        better = sum(1 for other in others if other < value)
    else:
        better = sum(1 for other in others if other > value)
    position, count = better + 1, len(others)
    for index, letter in enumerate(BANDS):
        if position * 4 <= count * (index + 1):
            return letter
    return BANDS[-1]


def outcome_profile(
    authority: Authority, catalogue: Catalogue, *, only: str | None = None
) -> OutcomeProfile:
    """Every curated measure for the council, in the catalogue's order, with quartile bands;
    or, with ``only``, that one measure without bands (for its chart). Worked out once per
    version of the statistics (at most 10 queries, 6 once the figures from every council are
    cached) and then read from the cache (2 queries, for the version)."""
    version = statistics_version()
    key = _cache_key(
        "profile",
        version,
        catalogue,
        authority.dfe_number,
        authority.ons_code,
        authority.region,
        only,
    )
    profile = cache.get(key)
    if profile is None:
        profile = _outcome_profile(authority, catalogue, only=only, version=version)
        cache.set(key, profile, timeout=DERIVED_CACHE_SECONDS)
    return profile


def _outcome_profile(
    authority: Authority, catalogue: Catalogue, *, only: str | None, version: str
) -> OutcomeProfile:
    model_year, neighbour_rows = statistical_neighbours(authority)
    neighbours = [row.neighbour_dfe_number for row in neighbour_rows]
    measures = [m for m in catalogue.measures if only in (None, m.slug)]
    areas = (
        Q(level=Level.NATIONAL)
        | Q(level=Level.REGIONAL, area_name=authority.region)
        | council_rows(authority)
        | Q(level=Level.LOCAL_AUTHORITY, dfe_number__in=neighbours)
    )
    unavailable, figures, keys = measure_series(measures, catalogue, areas, version=version)
    trends = []
    for measure in measures:
        trend = MeasureTrend(measure=measure, unavailable=unavailable.get(measure.slug, ""))
        trends.append(trend)
        neighbour_values: dict[str, list[Decimal]] = defaultdict(list)
        for row in figures.get(measure.slug, []):
            if row.level == Level.NATIONAL:
                trend.england[row.period] = row.figure
            elif row.level == Level.REGIONAL:
                trend.region[row.period] = row.figure
            elif is_council_row(authority, row):
                trend.council[row.period] = row.figure
            elif row.dfe_number in neighbours and row.figure.value is not None:
                neighbour_values[row.period].append(row.figure.value)
        trend.periods = sorted({row.period for row in figures.get(measure.slug, [])})
        for period in trend.periods:
            trend.neighbours_counted[period] = len(neighbour_values[period])
            middle = median(neighbour_values[period])
            trend.neighbours[period] = (
                Figure(value=middle, places=DERIVED_PLACES)
                if middle is not None
                else Figure(value=None, note="no figures")
            )
        trend.latest_period = latest_with_value(trend.council)
    if only is None:
        banded = [t for t in trends if t.measure.has_polarity and t.latest_period]
        _band(banded, keys, catalogue, version)
    return OutcomeProfile(trends=trends, neighbour_model_year=model_year, neighbours=neighbour_rows)


def _band(
    trends: list[MeasureTrend], keys: dict[str, str], catalogue: Catalogue, version: str
) -> None:
    """Quartile bands from every council's figure in the council's latest period: the figures
    are read once per version of the statistics (3 queries) and cached for every council."""
    if not trends:
        return
    cache_keys = {
        trend.measure.slug: _cache_key(
            "band-figures",
            version,
            trend.measure,
            keys[trend.measure.slug],
            catalogue.population,
            trend.latest_period,
        )
        for trend in trends
    }
    cached = cache.get_many(cache_keys.values())
    band_figures = {slug: cached[key] for slug, key in cache_keys.items() if key in cached}
    missing = [t for t in trends if t.measure.slug not in band_figures]
    if missing:
        band_figures.update(_every_councils_figures(missing, catalogue, version))
        cache.set_many(
            {cache_keys[t.measure.slug]: band_figures[t.measure.slug] for t in missing},
            timeout=DERIVED_CACHE_SECONDS,
        )
    for trend in trends:
        others = band_figures[trend.measure.slug]
        trend.band_councils = len(others)
        own = trend.council[trend.latest_period].value
        trend.band = quartile_band(own, others, trend.measure.polarity)


def _every_councils_figures(
    trends: list[MeasureTrend], catalogue: Catalogue, version: str
) -> dict[str, list[Decimal]]:
    """Every council's figure for each measure in the trend's latest period (3 queries)."""
    every_council = reduce(
        or_, (Q(level=Level.LOCAL_AUTHORITY, period=t.latest_period) for t in trends)
    )
    previous_years = {_previous_year(t.latest_period) for t in trends}
    unavailable, figures, _ = measure_series(
        [t.measure for t in trends],
        catalogue,
        every_council | Q(level=Level.LOCAL_AUTHORITY, period__in=previous_years),
        version=version,
    )
    return {
        trend.measure.slug: [
            row.figure.value
            for row in figures.get(trend.measure.slug, [])
            if row.period == trend.latest_period and row.figure.value is not None
        ]
        for trend in trends
    }


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


def area_trend(measure: Measure, catalogue: Catalogue, area_code: str) -> AreaTrend:
    """The measure for the area (an ONS code) and for England, oldest year first: worked out
    once per version of the statistics (5 queries), then read from the cache (2 queries)."""
    version = statistics_version()
    key = _cache_key("area-trend", version, measure, catalogue.population, area_code)
    trend = cache.get(key)
    if trend is None:
        trend = _area_trend(measure, catalogue, area_code, version)
        cache.set(key, trend, timeout=DERIVED_CACHE_SECONDS)
    return trend


def _area_trend(measure: Measure, catalogue: Catalogue, area_code: str, version: str) -> AreaTrend:
    trend = AreaTrend(measure=measure)
    areas = Q(level=Level.NATIONAL) | Q(level=Level.LOCAL_AUTHORITY, area_code=area_code)
    unavailable, figures, _ = measure_series([measure], catalogue, areas, version=version)
    rows = figures.get(measure.slug, [])
    trend.unavailable = unavailable.get(measure.slug, "")
    if not trend.unavailable and not any(r.level == Level.LOCAL_AUTHORITY for r in rows):
        trend.unavailable = f"{measure.source.dataset} has no figures for area {area_code}"
    if trend.unavailable:
        return trend
    for row in rows:
        if row.level == Level.NATIONAL:
            trend.england[row.period] = row.figure
        else:
            trend.area[row.period] = row.figure
            trend.area_name = row.area_name
    trend.periods = sorted(set(trend.area) | set(trend.england))
    return trend
