"""Reading Explore Education Statistics (EES) open-data CSV files. Pure: no database.

An EES open-data file has one row per time period, geography and combination of filter
values. Its standard columns say when (``time_period``, ``time_identifier``) and where
(``geographic_level`` and the codes and names of that level); every other column is either a
filter (text, such as ``category`` or ``characteristic``) or an indicator, which we call a
measure: numbers, or a symbol where the figure is suppressed or missing.

A column is a measure when its cells are figures: all of them, or all but a stray few (at
most one in a hundred), which are then reported by line and column rather than quietly
making the column a filter. A column of mostly text is a filter.

``read_ees_file`` checks the layout and turns each row at National, Regional or Local
authority level into one observation per measure. Rows at other levels are counted as
skipped; rows that break the layout are reported with their line numbers, and a caller must
not store anything from a file with problems. A file is read only up to ``MAX_COLUMNS``
columns and ``MAX_ROWS`` rows: DfE's files have a few dozen columns and tens of thousands of
rows, and anything far beyond is not one of them.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import NamedTuple

from official_statistics.choices import Level
from official_statistics.csv_files import Problem, read_csv_path, read_header

REQUIRED_COLUMNS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
)
# EES's columns for every geographic level (its GeographicLevelUtils): never a filter or a
# measure. We read the country, region and local-authority ones.
GEOGRAPHY_COLUMNS = frozenset(
    {
        "country_code",
        "country_name",
        "region_code",
        "region_name",
        "old_la_code",
        "new_la_code",
        "la_name",
        "english_devolved_area_code",
        "english_devolved_area_name",
        "institution_id",
        "institution_name",
        "lad_code",
        "lad_name",
        "local_enterprise_partnership_code",
        "local_enterprise_partnership_name",
        "lsip_code",
        "lsip_name",
        "mayoral_combined_authority_code",
        "mayoral_combined_authority_name",
        "trust_id",
        "trust_name",
        "opportunity_area_code",
        "opportunity_area_name",
        "pcon_code",
        "pcon_name",
        "planning_area_code",
        "planning_area_name",
        "provider_ukprn",
        "provider_name",
        "rsc_region_lead_name",
        "school_urn",
        "school_laestab",
        "school_name",
        "sponsor_id",
        "sponsor_name",
        "ward_code",
        "ward_name",
    }
)
STANDARD_COLUMNS = GEOGRAPHY_COLUMNS | {"time_period", "time_identifier", "geographic_level"}

# geographic_level as published -> our level, with the columns holding its code and name.
LEVELS = {
    "national": (Level.NATIONAL, "country_code", "country_name"),
    "regional": (Level.REGIONAL, "region_code", "region_name"),
    "local authority": (Level.LOCAL_AUTHORITY, "new_la_code", "la_name"),
}
# Suppression and missing-value symbols (GSS and EES), matched without regard to case.
SYMBOLS = frozenset({"c", "x", "z", "u", "low", "k", ":", ".."})
SYMBOL_LIST = "c, x, z, u, k, low, : or .."
MAX_COLUMNS = 200
MAX_ROWS = 500_000
# A column of figures with at most this share of other cells is a measure with bad cells.
STRAY_CELLS_PER_FIGURE = 0.01
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
PERIOD = re.compile(r"\d{4}(?:\d{2})?")
DFE_NUMBER = re.compile(r"\d{1,4}")
# Authorities that publish jointly have joint codes: "314 / 318", "E09000021 / E09000027".
JOINT_DFE_NUMBERS = re.compile(r"\d{1,4}(?:\s*/\s*\d{1,4})+")

SIX_PLACES = Decimal("0.000001")
VALUE_LIMIT = Decimal(10) ** 14  # DecimalField(max_digits=20, decimal_places=6)
MAX_LENGTHS = {"column name": 100, "area code": 50, "area name": 200, "time_identifier": 50}
MAX_FILTER_KEY = 500


class ObservationRow(NamedTuple):
    """One figure read from the file; exactly one of ``value`` and ``symbol`` is set."""

    measure: str
    filter_key: str
    area_code: str
    period: str
    time_identifier: str
    filters: dict[str, str]
    level: str
    dfe_number: int | None
    area_name: str
    value: Decimal | None
    symbol: str
    line: int

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.measure, self.filter_key, self.area_code, self.period, self.time_identifier)


@dataclass
class EESFile:
    """What a file holds, or the problems that stop it being imported."""

    columns: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    filters: list[str] = field(default_factory=list)
    rows_read: int = 0
    skipped_levels: Counter = field(default_factory=Counter)  # geographic_level -> rows
    empty_cells: int = 0  # blank measure cells: no observation
    observations: list[ObservationRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rows_skipped(self) -> int:
        return sum(self.skipped_levels.values())

    @property
    def symbols(self) -> int:
        return sum(1 for observation in self.observations if observation.symbol)


def read_ees_file(
    path: Path | str, *, max_rows: int = MAX_ROWS, progress: Callable[[int], None] | None = None
) -> EESFile:
    """Read and check an EES open-data CSV file (UTF-8, with or without a byte-order mark);
    ``progress`` is told the lines read so far."""
    return read_csv_path(
        path,
        lambda lines: read_ees(lines, max_rows=max_rows),
        lambda problems: EESFile(problems=problems),
        progress=progress,
    )


def read_ees(lines: Iterable[str], *, max_rows: int = MAX_ROWS) -> EESFile:
    """Read and check EES open-data CSV text: an open file, or lines of an upload."""
    result = EESFile()
    reader = csv.reader(lines)
    try:
        header, problem = read_header(reader)
        if problem is not None:
            result.problems.append(problem)
            return result
        if not any(header):
            result.problems.append((1, "the first line should name the columns, and is blank"))
            return result
        if len(header) > MAX_COLUMNS:
            result.problems.append(
                (1, f"{len(header):,} columns: an import reads at most {MAX_COLUMNS}")
            )
            return result
        result.columns = header
        if not _check_header(header, result):
            return result
        rows = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue  # a blank line
            if result.rows_read == max_rows:
                result.problems.append(
                    (
                        reader.line_num,
                        f"more than {max_rows:,} rows: an import reads at most {max_rows:,}, "
                        "so split the file",
                    )
                )
                return result
            result.rows_read += 1
            if len(row) != len(header):
                result.problems.append(
                    (reader.line_num, f"{len(row)} fields where the header has {len(header)}")
                )
                continue
            rows.append((reader.line_num, row))
    except csv.Error as error:
        result.problems.append((reader.line_num, f"not readable as CSV ({error})"))
        return result

    if _classify_columns(header, rows, result):
        _read_rows(header, rows, result)
    result.problems.sort(key=lambda problem: problem[0] or 0)
    return result


def _check_header(header: list[str], result: EESFile) -> bool:
    """Column names: the standard ones present, none repeated or unnamed, none too long."""
    problems = result.problems
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        problems.append(
            (
                1,
                "not an Explore Education Statistics open-data file: no "
                + ", ".join(missing)
                + " column"
                + ("s" if len(missing) > 1 else ""),
            )
        )
    repeated = sorted(name for name, count in Counter(header).items() if count > 1 and name)
    if repeated:
        problems.append((1, "repeated column names: " + ", ".join(repeated)))
    unnamed = [str(number) for number, name in enumerate(header, start=1) if not name]
    if unnamed:
        problems.append((1, "column " + ", ".join(unnamed) + " has no name"))
    too_long = [name for name in header if len(name) > MAX_LENGTHS["column name"]]
    if too_long:
        problems.append(
            (1, f"column names longer than {MAX_LENGTHS['column name']}: " + ", ".join(too_long))
        )
    return not problems


def _is_figure(text: str) -> bool:
    return text == "" or text.lower() in SYMBOLS or NUMBER.fullmatch(text) is not None


def _classify_columns(header: list[str], rows: list, result: EESFile) -> bool:
    """Every non-standard column is a measure (figures, but for a stray few cells that
    _read_rows reports) or a filter (mostly text)."""
    for index, name in enumerate(header):
        if name in STANDARD_COLUMNS:
            continue
        figures = others = 0
        for _, row in rows:
            text = row[index].strip()
            if not text:
                continue
            if _is_figure(text):
                figures += 1
            else:
                others += 1
        if others < figures and others <= max(1, figures * STRAY_CELLS_PER_FIGURE):
            result.measures.append(name)
        elif others:
            result.filters.append(name)
        else:
            result.measures.append(name)  # an empty column: no observations, as before
    if not result.measures:
        result.problems.append(
            (1, "no measure columns: every column other than the standard ones holds text")
        )
    return bool(result.measures)


def _read_rows(header: list[str], rows: list, result: EESFile) -> None:
    position = {name: index for index, name in enumerate(header)}
    measures = [(name, position[name]) for name in result.measures]
    filters = sorted((name, position[name]) for name in result.filters)
    old_la_code = position.get("old_la_code")
    problems = result.problems
    observations = result.observations
    seen: dict[tuple, int] = {}

    for line, raw in rows:
        row = [cell.strip() for cell in raw]
        level_text = row[position["geographic_level"]]
        if not level_text:
            problems.append((line, "no geographic_level"))
            continue
        known = LEVELS.get(level_text.lower())
        if known is None:
            result.skipped_levels[level_text] += 1
            continue
        level, code_column, name_column = known
        bad = len(problems)

        period = row[position["time_period"]]
        if not period:
            problems.append((line, "no time_period"))
        elif not PERIOD.fullmatch(period):
            problems.append(
                (line, f'time_period "{period}" is not a year (2025) or a pair of years (202425)')
            )
        time_identifier = row[position["time_identifier"]]
        if not time_identifier:
            problems.append((line, "no time_identifier"))
        elif len(time_identifier) > MAX_LENGTHS["time_identifier"]:
            problems.append((line, "time_identifier is too long"))

        area_code = row[position[code_column]] if code_column in position else ""
        area_name = row[position[name_column]] if name_column in position else ""
        if not area_code:
            problems.append((line, f"a {level_text} row without {code_column}"))
        elif len(area_code) > MAX_LENGTHS["area code"]:
            problems.append((line, f'{code_column} "{area_code}" is too long'))
        if not area_name:
            problems.append((line, f"a {level_text} row without {name_column}"))
        elif len(area_name) > MAX_LENGTHS["area name"]:
            problems.append((line, f"{name_column} is too long"))

        dfe_number = None
        if level == Level.LOCAL_AUTHORITY and old_la_code is not None and row[old_la_code]:
            if DFE_NUMBER.fullmatch(row[old_la_code]):
                dfe_number = int(row[old_la_code])
            elif not JOINT_DFE_NUMBERS.fullmatch(row[old_la_code]):
                problems.append((line, f'old_la_code "{row[old_la_code]}" is not a DfE number'))

        filter_values = {name: row[index] for name, index in filters}
        filter_key = "|".join(f"{name}={value}" for name, value in filter_values.items())
        if len(filter_key) > MAX_FILTER_KEY:
            problems.append(
                (line, f"the filter values are longer than {MAX_FILTER_KEY} characters")
            )
        if len(problems) > bad:
            continue

        key = (area_code, period, time_identifier, filter_key)
        if key in seen:
            problems.append(
                (
                    line,
                    f"the same area, period and filters as line {seen[key]} ({area_code} {period})",
                )
            )
            continue
        seen[key] = line

        for measure, index in measures:
            text = row[index]
            if not text:
                result.empty_cells += 1
                continue
            symbol = text.lower()
            if symbol in SYMBOLS:
                value = None
            elif not NUMBER.fullmatch(text):
                problems.append(
                    (
                        line,
                        f'column {index + 1} ({measure}): "{_shorten(text)}" is '
                        f"neither a number nor a DfE symbol ({SYMBOL_LIST})",
                    )
                )
                continue
            else:
                symbol = ""
                try:
                    value = Decimal(text).quantize(SIX_PLACES, rounding=ROUND_HALF_UP)
                except InvalidOperation:
                    value = None
                if value is None or abs(value) >= VALUE_LIMIT:
                    problems.append((line, f'{measure} "{text}" is too large to store'))
                    continue
            observations.append(
                ObservationRow(
                    measure,
                    filter_key,
                    area_code,
                    period,
                    time_identifier,
                    filter_values,
                    level.value,
                    dfe_number,
                    area_name,
                    value,
                    symbol,
                    line,
                )
            )


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
