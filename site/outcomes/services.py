"""Writes for councils' quarterly local returns (the form's quarter, a CSV of returns, a lead's
sign-off and reopening of a quarter), and official-statistics files uploaded through the site.

Each save is one transaction: every figure is checked first, nothing is saved if any breaks the
rules in outcomes.returns, and a figure stored with the same value and note is left alone.
A signed-off quarter's figures do not change until a lead reopens it: a save that would change
them is refused whole (QuarterSignedOff), so a lead's sign-off always covers the figures it saw.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import logging
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from authorities.choices import AuditAction
from authorities.models import Authority
from authorities.permissions import check_member
from authorities.services import audit
from core.background import enqueue_on_commit
from core.choices import WorkStatus
from core.conflicts import EditConflict
from core.dates import govuk_date
from core.downloads import csv_bytes
from fidelity.selectors import person
from official_statistics.choices import ImportSource
from official_statistics.permissions import check_import_statistics
from official_statistics.services import (
    BATCH_SIZE,
    ImportedBy,
    ImportReport,
    NeighbourReport,
    import_ees_file,
    import_statistical_neighbours,
)
from outcomes import returns
from outcomes.choices import LocalMeasure, StatisticsFile
from outcomes.models import LocalReturn, QuarterSignOff, StatisticsUpload
from outcomes.permissions import check_sign_off

logger = logging.getLogger("outcomes.upload")

LOCAL_RETURN_HEADER = ["quarter", "measure", "value", "note"]
MAX_NOTE = 2000


class LocalReturnError(Exception):
    """A return that cannot be saved: ``problems`` maps a field (a measure code, "quarter" or
    "note"; None for the whole return) to a message for a person."""

    def __init__(self, problems: dict[str | None, str]):
        self.problems = problems
        super().__init__("; ".join(problems.values()))


class QuarterSignedOff(LocalReturnError):
    """Figures for quarters a lead has signed off, which cannot change until one reopens them.
    ``sign_offs`` holds the current sign-off of each such quarter."""

    def __init__(self, sign_offs: dict[datetime.date, QuarterSignOff]):
        self.sign_offs = sign_offs
        super().__init__(
            {"quarter": " ".join(signed_off_message(s) for _, s in sorted(sign_offs.items()))}
        )


def signed_off_by(sign_off: QuarterSignOff) -> str:
    """'Q1 2025-26 (April to June 2025) was signed off by Jo Lead on 3 July 2025'."""
    return (
        f"{returns.quarter_label(sign_off.quarter)} was signed off by "
        f"{person(sign_off.signed_off_by)} on {govuk_date(sign_off.signed_off_at)}"
    )


def signed_off_message(sign_off: QuarterSignOff) -> str:
    return f"{signed_off_by(sign_off)}: a lead must reopen it before its figures can change"


def current_sign_offs(
    *, authority, quarters: Iterable[datetime.date]
) -> dict[datetime.date, QuarterSignOff]:
    """The council's current (not reopened) sign-off of each of ``quarters`` that has one."""
    return {
        sign_off.quarter: sign_off
        for sign_off in QuarterSignOff.objects.select_related("signed_off_by").filter(
            authority=authority, quarter__in=set(quarters), reopened_at__isnull=True
        )
    }


def quarter_revision(local_returns: Iterable[LocalReturn]) -> str:
    """One council's quarter as a form was drawn from it: each stored figure's id and revision.
    Any change moves it on: a figure changed (its revision), added or removed (the ids), by the
    form, a CSV upload or the retention of notes."""
    return ",".join(f"{r.pk}.{r.revision}" for r in sorted(local_returns, key=lambda r: r.pk))


class LocalReturnConflict(EditConflict):
    """Someone saved the quarter after the form was drawn; nothing was saved. ``theirs`` holds
    the stored figure of each measure (None if none) and the quarter's note."""

    def __init__(self, *, quarter: datetime.date, stored: list[LocalReturn]):
        latest = max(stored, key=lambda r: r.updated_at, default=None)
        figures = {r.measure: r for r in stored}
        super().__init__(
            what=f"the return for {returns.quarter_label(quarter)}",
            revision=quarter_revision(stored),
            saved_by=person(latest.submitted_by) if latest and latest.submitted_by else None,
            saved_at=latest.updated_at if latest else None,
            theirs={
                measure: figures[measure].value if measure in figures else None
                for measure in LocalMeasure.values
            }
            | {"note": next((r.note for r in stored if r.note), "")},
        )


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


def _write_local_returns(
    *,
    user,
    authority,
    incoming: dict[tuple[datetime.date, str], tuple[Decimal | None, str]],
    report: LocalReturnReport,
    action: str,
    seen: tuple[datetime.date, str] | None = None,
) -> None:
    """Upsert ``incoming`` {(quarter, measure): (value, note)} in one transaction; a None value
    removes the stored figure. Rows that would not change are left alone; a changed one moves
    on a revision. A change leaves an ``action`` event on the council's audit trail.

    ``seen`` is (quarter, its revision) as a form was drawn: LocalReturnConflict if that
    quarter is no longer at that revision. QuarterSignedOff, saving nothing, if any quarter in
    ``incoming`` is signed off."""
    now = timezone.now()
    with transaction.atomic():
        # One save of a council's returns at a time, so each compares against what the one
        # before it stored (on PostgreSQL; SQLite writes one transaction at a time anyway).
        Authority.objects.select_for_update(no_key=True).get(pk=authority.pk)
        wanted = {quarter for quarter, _ in incoming} | ({seen[0]} if seen else set())
        # Checked before the revision: a quarter signed off since the page was drawn cannot be
        # saved over, however the conflict would be resolved.
        if sign_offs := current_sign_offs(authority=authority, quarters=wanted):
            raise QuarterSignedOff(sign_offs)
        rows = list(
            LocalReturn.objects.select_related("submitted_by").filter(
                authority=authority, quarter__in=wanted
            )
        )
        if seen is not None:
            quarter, revision = seen
            shown = [r for r in rows if r.quarter == quarter]
            if quarter_revision(shown) != revision:
                raise LocalReturnConflict(quarter=quarter, stored=shown)
        stored = {(r.quarter, r.measure): r for r in rows}
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
                row.revision += 1
                to_update.append(row)
            else:
                report.unchanged += 1
        if to_remove:
            LocalReturn.objects.filter(pk__in=to_remove).delete()
        LocalReturn.objects.bulk_create(to_create)
        LocalReturn.objects.bulk_update(
            to_update,
            ["value", "note", "revision", "submitted_by", "updated_at"],
            batch_size=BATCH_SIZE,
        )
        report.created, report.updated = len(to_create), len(to_update)
        report.removed = len(to_remove)
        report.quarters = sorted({quarter for quarter, _ in incoming}, reverse=True)
        if report.changed:
            quarters = ", ".join(returns.quarter_code(quarter) for quarter in report.quarters)
            audit(
                authority=authority,
                user=user,
                action=action,
                detail=f"{quarters}: {report.created} figures added, {report.updated} changed, "
                f"{report.removed} removed",
            )


def save_local_return(
    *,
    user,
    authority,
    quarter: datetime.date,
    values: dict[str, Decimal | None],
    base_revision: str,
    note: str = "",
    today: datetime.date | None = None,
) -> LocalReturnReport:
    """Save a council's return for one quarter from the form: one figure per measure given.

    A measure left out keeps its stored figure; a measure given as None loses it. Raises
    PermissionDenied outside the user's councils and LocalReturnError, saving nothing, if any
    figure breaks the rules in outcomes.returns or the quarter is signed off (QuarterSignedOff).
    ``base_revision`` is the quarter's revision (quarter_revision) the form was drawn from, ""
    for a quarter shown empty: if anyone has changed the quarter since, LocalReturnConflict,
    saving nothing.
    """
    check_member(user=user, authority=authority)
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
        action=AuditAction.RETURN_SAVED,
        seen=(quarter, base_revision),
    )
    return report


def _read_text(file) -> str:
    data = file.read()
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    return data.decode("utf-8-sig")


def returns_template_csv(*, today: datetime.date | None = None) -> bytes:
    """A file to fill in: the header, then a row per measure for the last quarter that has
    ended, value and note left blank. It holds no council's figures."""
    today = today or timezone.localdate()
    quarter = returns.quarter_start(returns.quarter_start(today) - datetime.timedelta(days=1))
    code = returns.quarter_code(quarter)
    return csv_bytes(LOCAL_RETURN_HEADER, [(code, measure, "", "") for measure in LocalMeasure])


def import_local_returns_csv(
    *, user, authority, file, today: datetime.date | None = None
) -> LocalReturnReport:
    """Import a council's returns from a CSV file with the header quarter,measure,value,note (in
    any case, with any spaces).

    A quarter is its code (Q1 2025-26, a financial quarter) or its first day (2025-04-01); a
    measure is its code (LocalMeasure). Every row is checked first: if any has a problem (a
    figure for a signed-off quarter among them), the report lists them all with their line
    numbers and nothing is saved. Otherwise every figure is created or updated in one
    transaction; a figure that is already stored with the same value and note is left alone.
    """
    check_member(user=user, authority=authority)
    today = today or timezone.localdate()
    report = LocalReturnReport()
    try:
        text = _read_text(file)
    except UnicodeDecodeError:
        report.problems.append((0, "The file must be saved as UTF-8 text (CSV UTF-8)"))
        return report
    # strict: an unterminated quote is an error, not a note that swallows the rows after it.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        report.problems.append((1, f"The header could not be read: {error}"))
        return report
    if header is None:
        report.problems.append((0, "The file is empty"))
        return report
    # Spreadsheets add spaces and capitals ("Quarter ", "Measure"): the names are what count.
    if ["".join(cell.split()).lower() for cell in header] != LOCAL_RETURN_HEADER:
        found = ",".join(header) or "an empty line"
        report.problems.append(
            (1, f"The header must be {','.join(LOCAL_RETURN_HEADER)} (found {found})")
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
        reason = (
            'A quoted value is never closed: a double quote (") is missing, so the rest of the '
            "file would be read as one value"
            if str(error) == "unexpected end of data"
            else f"The row could not be read: {error}"
        )
        report.problems.append((line + 1, reason))
    if not report.problems and not incoming:
        report.problems.append((0, "The file has a header but no rows"))
    if report.problems:
        return report
    try:
        _write_local_returns(
            user=user,
            authority=authority,
            incoming=incoming,
            report=report,
            action=AuditAction.RETURNS_UPLOADED,
        )
    except QuarterSignedOff as refused:
        for key, line in sorted(first_line.items(), key=lambda item: item[1]):
            if key[0] in refused.sign_offs:
                report.problems.append((line, signed_off_message(refused.sign_offs[key[0]])))
    return report


# Sign-off ---------------------------------------------------------------------------------------


def sign_off_quarter(
    *,
    user,
    authority,
    quarter: datetime.date,
    base_revision: str,
    today: datetime.date | None = None,
) -> QuarterSignOff:
    """A lead signs off the council's return for ``quarter``, as drawn at ``base_revision``
    (quarter_revision). PermissionDenied for anyone but the council's leads; LocalReturnConflict
    if the figures changed since the page was drawn (the lead has not seen them);
    LocalReturnError for a quarter with no figures, one not yet ended or one already signed off.
    """
    check_sign_off(user=user, authority=authority)
    today = today or timezone.localdate()
    label = returns.quarter_label(quarter)
    with transaction.atomic():
        # The same lock as a save of figures: a sign-off and a save never interleave.
        Authority.objects.select_for_update(no_key=True).get(pk=authority.pk)
        if current := current_sign_offs(authority=authority, quarters=[quarter]).get(quarter):
            raise LocalReturnError({None: signed_off_by(current)})
        stored = list(
            LocalReturn.objects.select_related("submitted_by").filter(
                authority=authority, quarter=quarter
            )
        )
        if quarter_revision(stored) != base_revision:
            raise LocalReturnConflict(quarter=quarter, stored=stored)
        if not stored:
            raise LocalReturnError({None: f"{label} has no figures to sign off"})
        if returns.quarter_end(quarter) >= today:
            raise LocalReturnError(
                {
                    None: f"{label} has not ended yet: it can be signed off from "
                    f"{govuk_date(returns.next_quarter(quarter))}"
                }
            )
        sign_off = QuarterSignOff.objects.create(
            authority=authority, quarter=quarter, signed_off_by=user, signed_off_at=timezone.now()
        )
        audit(
            authority=authority,
            user=user,
            action=AuditAction.RETURN_SIGNED_OFF,
            subject=sign_off,
            detail=f"{returns.quarter_code(quarter)}: {len(stored)} figures",
        )
    return sign_off


def reopen_quarter(*, user, authority, quarter: datetime.date, reason: str) -> QuarterSignOff:
    """A lead reopens a signed-off quarter so its figures can change again, saying why. The
    sign-off is kept, marked reopened by whom, when and why. PermissionDenied for anyone but
    the council's leads; LocalReturnError without a reason or for a quarter not signed off."""
    check_sign_off(user=user, authority=authority)
    label = returns.quarter_label(quarter)
    reason = (reason or "").strip()
    if not reason:
        raise LocalReturnError({"reason": "Enter why the quarter is being reopened"})
    if len(reason) > MAX_NOTE:
        raise LocalReturnError({"reason": f"The reason must be {MAX_NOTE} characters or fewer"})
    with transaction.atomic():
        Authority.objects.select_for_update(no_key=True).get(pk=authority.pk)
        sign_off = current_sign_offs(authority=authority, quarters=[quarter]).get(quarter)
        if sign_off is None:
            raise LocalReturnError({None: f"{label} is not signed off: it is a draft already"})
        sign_off.reopened_by, sign_off.reopened_at = user, timezone.now()
        sign_off.reopen_reason = reason
        sign_off.save(update_fields=["reopened_by", "reopened_at", "reopen_reason"])
        audit(
            authority=authority,
            user=user,
            action=AuditAction.RETURN_REOPENED,
            subject=sign_off,
            detail=f"{returns.quarter_code(quarter)}: {reason}",
        )
    return sign_off


# Official statistics uploaded through the site -------------------------------------------------

UNEXPECTED_IMPORT_FAILURE = (
    "The import stopped because of an error in the service, and nothing from the file was "
    "imported. Upload the file again; if this happens again, tell the service team and give "
    "them the upload number {number}."
)


def start_statistics_upload(
    *, user, kind: str, content: bytes, file_name: str, dataset: str = ""
) -> StatisticsUpload:
    """Keep an official-statistics file sent through the upload page in private storage and
    import it in the background (outcomes.tasks), once this transaction commits. Only
    statistics managers and superusers (official_statistics.permissions)."""
    from outcomes.tasks import import_statistics_upload  # the task module imports this one

    check_import_statistics(user=user)
    with transaction.atomic():
        upload = StatisticsUpload(user=user, kind=kind, dataset=dataset, file_name=file_name[:255])
        upload.file.save("upload.csv", ContentFile(content), save=False)
        upload.save()
        enqueue_on_commit(upload, import_statistics_upload, upload_id=upload.pk)
    return upload


def import_statistics_upload(*, upload: StatisticsUpload) -> None:
    """Import an uploaded file by the same service as the import commands
    (official_statistics.services): all of it or, if it has problems, nothing; recorded as
    the uploader's import of the file. The record ends done, with what changed, or failed,
    with why; either way the kept file is then deleted."""
    if upload.status != WorkStatus.QUEUED:
        return  # already run: a task run twice imports once
    upload.start(step="Checking the file")
    try:
        check_import_statistics(user=upload.user)
        with upload.file.open("rb") as stored:
            content = stored.read()
        upload.move_to(step="Checking the file", total=content.count(b"\n") or 1)
        report = _import_upload_content(upload=upload, content=content)
    except PermissionDenied as error:
        upload.fail(str(error))
    except Exception:
        logger.exception("Statistics upload %s failed", upload.pk)
        upload.fail(UNEXPECTED_IMPORT_FAILURE.format(number=upload.pk))
        raise
    else:
        summary = {
            name: value
            for name, value in dataclasses.asdict(report).items()
            if name not in ("path", "problems")
        } | {"changed": report.changed}
        if report.ok:
            upload.finish(report=summary)
        else:
            upload.fail(
                problem_count_message(len(report.problems)),
                report=summary,
                problems=problem_lines(report.problems),
            )
    finally:
        upload.file.delete(save=False)
        StatisticsUpload.objects.filter(pk=upload.pk).update(file="")


def problem_count_message(count: int) -> str:
    return (
        f"The file has {count} problem{'s' if count != 1 else ''} and nothing from it was "
        "imported. Correct the file and upload it again."
    )


def problem_lines(problems) -> list[str]:
    """Each problem as a line for a person: "Line 3: ..." (or the message, for the file)."""
    lines = []
    for line, message in problems:
        message = message[:1].upper() + message[1:]
        lines.append(f"Line {line}: {message}" if line else message)
    return lines


def _import_upload_content(
    *, upload: StatisticsUpload, content: bytes
) -> ImportReport | NeighbourReport:
    by = ImportedBy(source=ImportSource.UPLOAD, user=upload.user, file_name=upload.file_name)
    # The readers take a path: a file of the worker's own, gone when the import ends (the
    # kept file may be in object storage, with no path).
    with tempfile.NamedTemporaryFile(suffix=".csv") as handle:
        handle.write(content)
        handle.flush()
        if upload.kind == StatisticsFile.NEIGHBOURS:
            return import_statistical_neighbours(path=handle.name, by=by)

        def before_saving(count: int) -> None:
            upload.move_to(step="Saving the figures", done=count, total=count)

        return import_ees_file(
            path=handle.name,
            dataset=upload.dataset or None,
            by=by,
            progress=upload.progress_reporter(),
            before_saving=before_saving,
        )
