"""Writes for official statistics: importing EES files and statistical-neighbour files.

Each file is imported in one transaction, and only if it has no problems. Imports compare
the file with what is stored (loaded in one query) and write only the difference in bulk, so
running one again changes nothing and a corrected file updates just the figures it corrects.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from authorities.selectors import authorities_for
from official_statistics.models import Observation, StatisticalNeighbour
from outcomes import returns
from outcomes.choices import LocalMeasure
from outcomes.csv_files import Problem
from outcomes.ees import read_ees_file
from outcomes.models import LocalReturn
from outcomes.neighbour_file import read_neighbour_file

BATCH_SIZE = 2000
MAX_DATASET = Observation._meta.get_field("dataset").max_length
# Stored with each observation besides its key; what a corrected file may change.
OBSERVATION_DETAILS = ("level", "dfe_number", "area_name", "value", "symbol")


@dataclass
class ImportReport:
    path: Path
    dataset: str
    rows_read: int = 0
    rows_skipped: int = 0
    skipped_levels: dict[str, int] = field(default_factory=dict)
    measures: list[str] = field(default_factory=list)
    filters: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    symbols: int = 0
    empty_cells: int = 0
    not_in_file: int = 0  # stored observations of the dataset that this file does not hold
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def summary(self) -> list[str]:
        """Lines for a person: what was read and what changed."""
        filters = ", ".join(self.filters) if self.filters else "none"
        skipped = ""
        if self.skipped_levels:
            skipped = " (" + ", ".join(f"{n} {lvl}" for lvl, n in self.skipped_levels.items()) + ")"
        lines = [
            f"{self.path}: dataset {self.dataset}, {len(self.measures)} "
            f"measure{'s' if len(self.measures) != 1 else ''}, filters: {filters}",
            f"  rows read: {self.rows_read}, rows skipped: {self.rows_skipped}{skipped}",
            f"  observations created: {self.created}, updated: {self.updated}, "
            f"unchanged: {self.unchanged}",
            f"  symbols kept: {self.symbols}",
        ]
        if self.empty_cells:
            lines.append(f"  empty cells (no observation): {self.empty_cells}")
        if self.not_in_file:
            lines.append(
                f"  {self.not_in_file} stored observations of this dataset are not in this file "
                "and were kept"
            )
        if not self.changed:
            lines.append("  nothing changed: the database already held these figures")
        return lines


def import_ees_file(*, path: Path | str, dataset: str | None = None) -> ImportReport:
    """Import an EES open-data CSV file into ``dataset`` (the file's stem by default).

    Nothing is written if the file has problems: they are in the report, with line numbers.
    """
    path = Path(path)
    dataset = (dataset or path.stem).strip()
    report = ImportReport(path=path, dataset=dataset)
    if not dataset:
        report.problems.append((None, "the dataset name is empty"))
        return report
    if len(dataset) > MAX_DATASET:
        report.problems.append((None, f"the dataset name is longer than {MAX_DATASET} characters"))
        return report

    parsed = read_ees_file(path)
    report.rows_read = parsed.rows_read
    report.rows_skipped = parsed.rows_skipped
    report.skipped_levels = dict(parsed.skipped_levels)
    report.measures = parsed.measures
    report.filters = parsed.filters
    report.empty_cells = parsed.empty_cells
    report.problems = parsed.problems
    if not parsed.ok:
        return report
    report.symbols = parsed.symbols

    with transaction.atomic():
        stored = {
            (measure, filter_key, area_code, period, time_identifier): (pk, details)
            for pk, measure, filter_key, area_code, period, time_identifier, *details in (
                Observation.objects.filter(dataset=dataset).values_list(
                    "pk",
                    "measure",
                    "filter_key",
                    "area_code",
                    "period",
                    "time_identifier",
                    *OBSERVATION_DETAILS,
                )
            )
        }
        new, changed = [], []
        for row in parsed.observations:
            details = [row.level, row.dfe_number, row.area_name, row.value, row.symbol]
            match = stored.pop(row.key, None)
            if match is None:
                new.append(
                    Observation(
                        dataset=dataset,
                        measure=row.measure,
                        filters=row.filters,
                        filter_key=row.filter_key,
                        area_code=row.area_code,
                        period=row.period,
                        time_identifier=row.time_identifier,
                        level=row.level,
                        dfe_number=row.dfe_number,
                        area_name=row.area_name,
                        value=row.value,
                        symbol=row.symbol,
                    )
                )
            elif match[1] != details:
                changed.append(
                    Observation(pk=match[0], **dict(zip(OBSERVATION_DETAILS, details, strict=True)))
                )
            else:
                report.unchanged += 1
        Observation.objects.bulk_create(new, batch_size=BATCH_SIZE)
        Observation.objects.bulk_update(changed, OBSERVATION_DETAILS, batch_size=BATCH_SIZE)
    report.created = len(new)
    report.updated = len(changed)
    report.not_in_file = len(stored)
    return report


@dataclass
class NeighbourReport:
    path: Path
    model_year: int | None = None
    rows_read: int = 0
    rows_skipped: int = 0
    authorities: int = 0
    neighbours: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    def summary(self) -> list[str]:
        lines = [
            f"{self.path}: statistical neighbours, {self.model_year} model",
            f"  rows read: {self.rows_read}, rows skipped: {self.rows_skipped}",
            f"  authorities: {self.authorities}, neighbours: {self.neighbours}",
            f"  neighbours created: {self.created}, updated: {self.updated}, "
            f"removed: {self.removed}, unchanged: {self.unchanged}",
        ]
        if not self.changed:
            lines.append("  nothing changed: the database already held this model")
        return lines


def import_statistical_neighbours(*, path: Path | str) -> NeighbourReport:
    """Store the ten neighbours of every authority in a statistical-neighbour file.

    The file replaces what is stored for its model year, in one transaction; nothing is
    written if it has problems, or if it holds exactly what is stored.
    """
    path = Path(path)
    parsed = read_neighbour_file(path)
    report = NeighbourReport(
        path=path,
        model_year=parsed.model_year,
        rows_read=parsed.rows_read,
        rows_skipped=parsed.rows_skipped,
        authorities=len(parsed.names),
        neighbours=len(parsed.neighbours),
        problems=parsed.problems,
    )
    if not parsed.ok:
        return report

    incoming = {
        (row.dfe_number, row.rank): (
            row.area_name,
            row.neighbour_dfe_number,
            row.neighbour_name,
            row.closeness,
        )
        for row in parsed.neighbours
    }
    with transaction.atomic():
        year = StatisticalNeighbour.objects.filter(model_year=parsed.model_year)
        stored = {
            (dfe_number, rank): tuple(details)
            for dfe_number, rank, *details in year.values_list(
                "dfe_number",
                "rank",
                "area_name",
                "neighbour_dfe_number",
                "neighbour_name",
                "closeness",
            )
        }
        report.created = len(incoming.keys() - stored.keys())
        report.removed = len(stored.keys() - incoming.keys())
        both = incoming.keys() & stored.keys()
        report.updated = sum(1 for key in both if incoming[key] != stored[key])
        report.unchanged = len(both) - report.updated
        if report.changed:
            year.delete()
            StatisticalNeighbour.objects.bulk_create(
                [
                    StatisticalNeighbour(model_year=parsed.model_year, **row._asdict())
                    for row in parsed.neighbours
                ],
                batch_size=BATCH_SIZE,
            )
    return report


# Councils' quarterly local returns ----------------------------------------------------------

LOCAL_RETURN_HEADER = ["quarter", "measure", "value", "note"]
MAX_NOTE = 2000


class LocalReturnError(Exception):
    """A return that cannot be saved: ``problems`` maps a field (a measure code, "quarter" or
    "note"; None for the whole return) to a message for a person."""

    def __init__(self, problems: dict[str | None, str]):
        self.problems = problems
        super().__init__("; ".join(problems.values()))


@dataclass
class LocalReturnReport:
    """What saving a return or importing a CSV of returns did, or why it did nothing."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    rows_read: int = 0
    quarters: list[datetime.date] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, reason); 0: the file

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)


def _check_council(user, authority) -> None:
    if not authorities_for(user=user).filter(pk=authority.pk).exists():
        raise PermissionDenied("Only the council's members send its returns.")


def _write_local_returns(
    *,
    user,
    authority,
    incoming: dict[tuple[datetime.date, str], tuple[Decimal | None, str]],
    report: LocalReturnReport,
) -> None:
    """Upsert ``incoming`` {(quarter, measure): (value, note)} in one transaction; a None value
    removes the stored figure. Rows that would not change are left alone."""
    now = timezone.now()
    with transaction.atomic():
        stored = {
            (r.quarter, r.measure): r
            for r in LocalReturn.objects.select_for_update().filter(
                authority=authority, quarter__in={quarter for quarter, _ in incoming}
            )
        }
        to_create, to_update, to_remove = [], [], []
        for key, (value, note) in incoming.items():
            row = stored.get(key)
            if value is None:
                if row is not None:
                    to_remove.append(row.pk)
                continue
            if row is None:
                to_create.append(
                    LocalReturn(
                        authority=authority,
                        quarter=key[0],
                        measure=key[1],
                        value=value,
                        note=note,
                        submitted_by=user,
                        updated_at=now,
                    )
                )
            elif row.value != value or row.note != note:
                row.value, row.note, row.submitted_by, row.updated_at = value, note, user, now
                to_update.append(row)
            else:
                report.unchanged += 1
        if to_remove:
            LocalReturn.objects.filter(pk__in=to_remove).delete()
        LocalReturn.objects.bulk_create(to_create)
        LocalReturn.objects.bulk_update(
            to_update, ["value", "note", "submitted_by", "updated_at"], batch_size=BATCH_SIZE
        )
    report.created, report.updated, report.removed = len(to_create), len(to_update), len(to_remove)
    report.quarters = sorted({quarter for quarter, _ in incoming}, reverse=True)


def save_local_return(
    *,
    user,
    authority,
    quarter: datetime.date,
    values: dict[str, Decimal | None],
    note: str = "",
    today: datetime.date | None = None,
) -> LocalReturnReport:
    """Save a council's return for one quarter from the form: one figure per measure given.

    A measure left out keeps its stored figure; a measure given as None loses it. Raises
    PermissionDenied outside the user's councils and LocalReturnError, saving nothing, if any
    figure breaks the rules in outcomes.returns.
    """
    _check_council(user, authority)
    today = today or timezone.localdate()
    unknown = set(values) - set(LocalMeasure.values)
    if unknown:
        raise ValueError(f"Unknown measures: {', '.join(sorted(unknown))}")
    problems: dict[str | None, str] = {}
    if problem := returns.quarter_problem(quarter, today=today):
        problems["quarter"] = problem[:1].upper() + problem[1:]
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        problems["note"] = f"Note must be {MAX_NOTE} characters or fewer"
    for measure, value in values.items():
        if value is not None and (problem := returns.value_problem(measure, value)):
            problems[measure] = f"{LocalMeasure(measure).label} {problem}"
    if not problems and all(value is None for value in values.values()):
        has_figures = LocalReturn.objects.filter(authority=authority, quarter=quarter).exists()
        if not has_figures:
            problems[None] = "Enter a figure for at least one measure"
    if problems:
        raise LocalReturnError(problems)
    report = LocalReturnReport(rows_read=len(values))
    _write_local_returns(
        user=user,
        authority=authority,
        incoming={(quarter, measure): (value, note) for measure, value in values.items()},
        report=report,
    )
    return report


def _read_text(file) -> str:
    data = file.read()
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    return data.decode("utf-8-sig")


def import_local_returns_csv(
    *, user, authority, file, today: datetime.date | None = None
) -> LocalReturnReport:
    """Import a council's returns from a CSV file with the header quarter,measure,value,note.

    A quarter is its first day (2025-01-01) or 2025-Q1; a measure is its code (LocalMeasure).
    Every row is checked first: if any has a problem, the report lists them all with their line
    numbers and nothing is saved. Otherwise every figure is created or updated in one
    transaction; a figure that is already stored with the same value and note is left alone.
    """
    _check_council(user, authority)
    today = today or timezone.localdate()
    report = LocalReturnReport()
    try:
        text = _read_text(file)
    except UnicodeDecodeError:
        report.problems.append((0, "The file must be saved as UTF-8 text (CSV UTF-8)"))
        return report
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as error:
        report.problems.append((1, f"The header could not be read: {error}"))
        return report
    if header is None:
        report.problems.append((0, "The file is empty"))
        return report
    if [cell.strip() for cell in header] != LOCAL_RETURN_HEADER:
        found = ",".join(header) or "an empty line"
        report.problems.append(
            (1, f"The header must be exactly {','.join(LOCAL_RETURN_HEADER)} (found {found})")
        )
        return report
    incoming: dict[tuple[datetime.date, str], tuple[Decimal | None, str]] = {}
    first_line: dict[tuple[datetime.date, str], int] = {}
    measures = ", ".join(LocalMeasure.values)
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            report.rows_read += 1
            if len(row) != len(LOCAL_RETURN_HEADER):
                report.problems.append(
                    (line, f"Expected 4 columns (quarter,measure,value,note) but found {len(row)}")
                )
                continue
            raw_quarter, measure, raw_value, note = (cell.strip() for cell in row)
            reasons = []
            quarter = None
            try:
                quarter = returns.parse_quarter(raw_quarter)
            except ValueError as error:
                reasons.append(str(error))
            else:
                if problem := returns.quarter_problem(quarter, today=today):
                    reasons.append(problem)
            label = measure
            if measure not in LocalMeasure.values:
                reasons.append(f"unknown measure '{measure}': use one of {measures}")
                measure = None
            else:
                label = LocalMeasure(measure).label
            value = None
            try:
                value = returns.parse_value(raw_value)
            except ValueError as error:
                reasons.append(f"the value '{raw_value}' {error}")
            else:
                if value is None:
                    reasons.append("enter a value")
                elif measure and (problem := returns.value_problem(measure, value)):
                    reasons.append(f"{label} {problem} (found {raw_value})")
            if len(note) > MAX_NOTE:
                reasons.append(f"the note must be {MAX_NOTE} characters or fewer")
            if quarter and measure and not reasons:
                key = (quarter, measure)
                if key in first_line:
                    reasons.append(
                        f"{label} for {returns.quarter_code(quarter)} is already on line "
                        f"{first_line[key]}"
                    )
                else:
                    first_line[key] = line
                    incoming[key] = (value, note)
            for reason in reasons:
                report.problems.append((line, reason[:1].upper() + reason[1:]))
    except csv.Error as error:
        report.problems.append((line + 1, f"The row could not be read: {error}"))
    if not report.problems and not incoming:
        report.problems.append((0, "The file has a header but no rows"))
    if report.problems:
        return report
    _write_local_returns(user=user, authority=authority, incoming=incoming, report=report)
    return report


def is_ees_file(path: Path) -> bool:
    """EES open-data files start with the standard columns; neighbour files do not."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        return "time_period" in file.readline().split(",")


def import_statistics_file(*, path: Path | str) -> ImportReport | NeighbourReport:
    """A DfE file of either layout, imported as import_ees or import_statistical_neighbours does."""
    path = Path(path)
    if is_ees_file(path):
        return import_ees_file(path=path)
    return import_statistical_neighbours(path=path)
