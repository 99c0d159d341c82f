"""The catalogue of curated official measures: content/statistics/measures.yaml, read and checked.

The file is read where it is used (it is small, and editing it needs no migration); its
problems are reported by the system check official_statistics.checks, so `manage.py check`
fails on a broken catalogue before any page does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings

import yaml

from core.numbers import round_half_up
from official_statistics.choices import Polarity, Unit

MEASURE_FILE = Path("statistics") / "measures.yaml"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
PER_10000 = Decimal(10000)


@dataclass(frozen=True)
class Source:
    """Where a series comes from: an imported dataset's column, narrowed by filter values."""

    dataset: str
    column: str
    filters: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Measure:
    slug: str
    label: str
    unit: str
    polarity: str
    source: Source
    publication: str

    @property
    def has_polarity(self) -> bool:
        return self.polarity != Polarity.NONE

    @property
    def is_derived_rate(self) -> bool:
        return self.unit == Unit.RATE_PER_10000

    @property
    def unit_label(self) -> str:
        return Unit(self.unit).label

    @property
    def polarity_label(self) -> str:
        return Polarity(self.polarity).label


@dataclass(frozen=True)
class Catalogue:
    measures: tuple[Measure, ...]
    population: Source
    publisher: str
    source_url: str
    licence: str
    licence_url: str

    def get(self, slug: str) -> Measure | None:
        return next((m for m in self.measures if m.slug == slug), None)


def exact_rate_per_10000(count: Decimal, population: Decimal) -> Decimal:
    """count / population x 10,000, unrounded: medians, bands and changes start from this."""
    return Decimal(count) * PER_10000 / Decimal(population)


def rate_per_10000(count: Decimal, population: Decimal) -> Decimal:
    """The rate as shown: to one decimal place with halves rounded up."""
    return round_half_up(exact_rate_per_10000(count, population), 1)


def catalogue_path() -> Path:
    return Path(settings.CONTENT_DIR) / MEASURE_FILE


def measure_catalogue() -> Catalogue:
    """The catalogue in force; raises CatalogueError listing every problem of a broken file."""
    path = catalogue_path()
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        stamp = None
    return _cached_catalogue(str(path), stamp)


class CatalogueError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@lru_cache(maxsize=4)
def _cached_catalogue(path: str, stamp: int | None) -> Catalogue:
    catalogue, problems = read_catalogue(Path(path))
    if problems:
        raise CatalogueError(problems)
    return catalogue


MEASURE_KEYS = {"slug", "label", "unit", "dataset", "column", "filters", "polarity", "publication"}
SOURCE_KEYS = {"dataset", "column", "filters"}
LICENCE_KEYS = {"publisher", "url", "licence", "licence_url"}


def _text(entry: dict, key: str, where: str, problems: list[str]) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: {key}: is required")
        return ""
    return value.strip()


def _source(entry: dict, where: str, problems: list[str]) -> Source:
    filters = entry.get("filters") or {}
    if not isinstance(filters, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in filters.items()
    ):
        problems.append(f"{where}: filters: give a mapping of column: value")
        filters = {}
    return Source(
        _text(entry, "dataset", where, problems), _text(entry, "column", where, problems), filters
    )


def _unknown_keys(entry: dict, allowed: set[str], where: str, problems: list[str]) -> None:
    for key in sorted(set(entry) - allowed, key=str):
        problems.append(f"{where}: {key} is not a field; use {', '.join(sorted(allowed))}")


def read_catalogue(path: Path) -> tuple[Catalogue | None, list[str]]:
    """The catalogue in the file, or every problem found (as 'where: what')."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, [f"{path}: the file does not exist"]
    except yaml.YAMLError as error:
        return None, [f"{path}: is not valid YAML: {error}"]
    if not isinstance(data, dict):
        return None, [f"{path}: give population, source and measures"]
    problems: list[str] = []
    _unknown_keys(data, {"population", "source", "measures"}, "-", problems)

    population = data.get("population")
    if not isinstance(population, dict):
        problems.append("population: give the dataset and column of the 0-17 population")
        population = {}
    _unknown_keys(population, SOURCE_KEYS, "population", problems)
    population_source = _source(population, "population", problems)

    licence = data.get("source")
    if not isinstance(licence, dict):
        problems.append("source: give publisher, url, licence and licence_url")
        licence = {}
    _unknown_keys(licence, LICENCE_KEYS, "source", problems)
    licence_fields = {key: _text(licence, key, "source", problems) for key in sorted(LICENCE_KEYS)}

    raw = data.get("measures")
    if not isinstance(raw, list) or not raw:
        problems.append("measures: give a list of measures")
        raw = []
    measures, seen = [], set()
    for number, entry in enumerate(raw, start=1):
        where = f"measures[{number}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        _unknown_keys(entry, MEASURE_KEYS, where, problems)
        slug = entry.get("slug")
        if not isinstance(slug, str) or not SLUG.fullmatch(slug):
            problems.append(f"{where}: slug: use lower-case letters, digits and hyphens")
        elif slug in seen:
            problems.append(f"{where}: slug: '{slug}' is used twice")
        seen.add(slug)
        unit = entry.get("unit")
        if unit not in Unit.values:
            problems.append(f"{where}: unit: use one of {', '.join(Unit.values)}")
        polarity = entry.get("polarity")
        if polarity not in Polarity.values:
            problems.append(f"{where}: polarity: use one of {', '.join(Polarity.values)}")
        measures.append(
            Measure(
                slug=slug if isinstance(slug, str) else "",
                label=_text(entry, "label", where, problems),
                unit=unit,
                polarity=polarity,
                source=_source(entry, where, problems),
                publication=_text(entry, "publication", where, problems),
            )
        )
    if problems:
        return None, problems
    return (
        Catalogue(
            measures=tuple(measures),
            population=population_source,
            publisher=licence_fields["publisher"],
            source_url=licence_fields["url"],
            licence=licence_fields["licence"],
            licence_url=licence_fields["licence_url"],
        ),
        [],
    )
