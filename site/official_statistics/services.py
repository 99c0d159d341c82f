"""Writes for official statistics: importing EES files and statistical-neighbour files.

Each file is imported in one transaction, and only if it has no problems. Imports compare
the file with what is stored (loaded in one query) and write only the difference in bulk, so
running one again changes nothing and a corrected file updates just the figures it corrects.
Every import leaves a StatisticsImport record: who (or the command line), the file's SHA-256
and what it changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from official_statistics.choices import ImportSource
from official_statistics.csv_files import Problem
from official_statistics.ees import MAX_ROWS, read_ees_file
from official_statistics.models import Observation, StatisticalNeighbour, StatisticsImport
from official_statistics.neighbour_file import read_neighbour_file

BATCH_SIZE = 2000
MAX_DATASET = Observation._meta.get_field("dataset").max_length
# Stored with each observation besides its key; what a corrected file may change.
OBSERVATION_DETAILS = ("level", "dfe_number", "area_name", "value", "symbol")


def max_import_rows() -> int:
    """The most rows an EES file may have: STATISTICS_IMPORT_MAX_ROWS, if set."""
    return getattr(settings, "STATISTICS_IMPORT_MAX_ROWS", MAX_ROWS)


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


@dataclass(frozen=True)
class ImportedBy:
    """Who imported a file, for the audit trail: a person on the upload page, under the name
    they gave the file, or the command line (the default)."""

    source: str = ImportSource.COMMAND
    user: object = None
    file_name: str | None = None


COMMAND_LINE = ImportedBy()


def _record_import(*, by: ImportedBy, path: Path, dataset: str, removed: int = 0, report) -> None:
    with path.open("rb") as file:
        digest = hashlib.file_digest(file, "sha256")
    StatisticsImport.objects.create(
        source=by.source,
        user=by.user,
        file_name=(by.file_name or path.name)[:255],
        sha256=digest.hexdigest(),
        dataset=dataset,
        added=report.created,
        changed=report.updated,
        removed=removed,
        unchanged=report.unchanged,
    )


def import_ees_file(
    *,
    path: Path | str,
    dataset: str | None = None,
    by: ImportedBy = COMMAND_LINE,
    progress: Callable[[int], None] | None = None,
    before_saving: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import an EES open-data CSV file into ``dataset`` (the file's stem by default).

    Nothing is written if the file has problems: they are in the report, with line numbers.
    ``progress`` is told the lines read so far, and ``before_saving`` the number of
    observations read, once the file has passed its checks (for a page showing progress).
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

    parsed = read_ees_file(path, max_rows=max_import_rows(), progress=progress)
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
    if before_saving is not None:
        before_saving(len(parsed.observations))

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
        _record_import(by=by, path=path, dataset=dataset, report=report)
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


def import_statistical_neighbours(
    *, path: Path | str, by: ImportedBy = COMMAND_LINE
) -> NeighbourReport:
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
        _record_import(
            by=by,
            path=path,
            dataset=f"statistical neighbours {parsed.model_year}",
            removed=report.removed,
            report=report,
        )
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
