"""Reviewer downloads: the cohort overview and every submitted answer, as CSV and Excel.

Builders take what the selectors return and give back DataFrames (one Python value per cell,
headed as people read them) or file bytes; the views check the reviewer's scope, call them and
record the export. Each table has its columns (core.downloads.Column): an Excel file carries
them as a "Data dictionary" sheet, and the overview page lists them for the CSV files.
"""

from __future__ import annotations

import datetime
import io
import logging
import numbers
from collections.abc import Callable, Iterable

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from authorities.choices import AuditAction
from authorities.services import audit_councils
from cohorts import analysis
from cohorts.models import AnswersExport, Cohort
from cohorts.permissions import cohorts_for
from cohorts.selectors import CohortOverview, answers_export_keep
from core import downloads
from core.background import enqueue_on_commit
from core.choices import FINISHED_STATUSES, WorkStatus
from core.downloads import DICTIONARY_HEADER, Column
from fidelity.choices import SUBMITTED_STATUSES, AssessmentMode, AssessmentStatus
from fidelity.consensus_selectors import agreements_of
from fidelity.models import Answer, Assessment

MEDIAN_LABEL = "Cohort median"
REFERENCE_LABEL = "Model standard (reference)"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

logger = logging.getLogger("cohorts.exports")

# values() keys of the answers query -> the tidy export's columns, in order.
ANSWER_FIELDS = {
    "assessment__authority__name": Column("Council", "council", "The council's name."),
    "assessment__authority__ons_code": Column(
        "ONS code", "ons_code", "The council's Office for National Statistics code."
    ),
    "assessment__round": Column(
        "Round (months)", "round", "Months since the council's baseline: 0 is the baseline."
    ),
    "round_label": Column("Round", "round_label", "The round as the service names it."),
    "assessment__status": Column(
        "Status", "status", "The status: submitted, or validated by a reviewer of the cohort."
    ),
    "assessment__framework__version": Column(
        "Framework version", "framework_version", "The fidelity framework version answered."
    ),
    "indicator__domain__slug": Column(
        "Domain code", "domain", "The short code of the indicator's domain in the framework."
    ),
    "indicator__slug": Column(
        "Indicator code", "indicator", "The indicator's short code, unique in its framework."
    ),
    "indicator__title": Column("Indicator", "indicator_title", "The indicator's title."),
    "indicator__weight": Column(
        "Weight", "weight", "How much the indicator counts in its domain's score."
    ),
    "indicator__critical": Column(
        "Critical", "critical", "True if a 0 here caps the band at Low fidelity."
    ),
    "level": Column(
        "Level",
        "level",
        "The council's answer: 0 not in place, 1 partially, 2 fully in place, na not applicable.",
    ),
    "indicator__reference_level": Column(
        "Reference level", "reference_level", "The model standard's level, 0 to 2: the benchmark."
    ),
    "evidence_note": Column("Evidence note", "evidence_note", "The council's evidence note."),
    "assessment__submitted_at": Column(
        "Submitted at",
        "submitted_at",
        "When the round was last submitted, in UK time (ISO 8601, with the offset from UTC).",
    ),
}
ANSWER_COLUMNS = list(ANSWER_FIELDS.values())


# The cohort overview ------------------------------------------------------------------------


def overview_columns(domains: list[tuple[str, str]]) -> list[Column]:
    """The overview's columns, with a score and a rating for each (slug, title) domain."""
    return [
        Column("Council", "council", "The council's name, or the cohort median or reference."),
        Column("ONS code", "ons_code", "The council's Office for National Statistics code."),
        Column("Round", "round", "The round shown: the latest submitted, or the one chosen."),
        Column("Status", "status", "Submitted, Validated or Returned."),
        Column("Overall score (%)", "overall", "The overall fidelity score, out of 100."),
        Column("Band", "band", "High, Moderate or Low fidelity."),
        Column("Capped", "capped", "Yes if a critical indicator at 0 capped the band."),
        *(
            column
            for slug, title in domains
            for column in (
                Column(f"{title} score (%)", f"score_{slug}", f"The {title} domain's score."),
                Column(
                    f"{title} rating",
                    f"rag_{slug}",
                    f"The {title} domain's rating: green, amber or red.",
                ),
            )
        ),
        Column(
            "Change since previous round (points)",
            "change",
            "The overall score minus that of the council's previous submitted round.",
        ),
        Column("Milestones done", "milestones_done", "Milestones of the plan that are done."),
        Column("Milestones total", "milestones_total", "Milestones in the template."),
        Column("Late milestones", "milestones_late", "Past their target and not done."),
        Column("Stage", "stage", "The implementation stage worked out for the council."),
        Column("Last submitted", "last_submitted", "The day the round was submitted (YYYY-MM-DD)."),
    ]


def overview_table(overview: CohortOverview) -> pd.DataFrame:
    """The overview's rows headed as overview_columns, then the cohort median and
    the model standard's reference profile as the last two rows."""
    domains = overview.data.domains
    rows = []
    for row in analysis.records(overview.frame):
        assessed = row["assessment_id"] is not None
        rows.append(
            [
                row["council"],
                row["ons_code"],
                row["round_label"],
                _status_label(row["status"]),
                row["overall"],
                row["band"],
                ("Yes" if row["capped"] else "No") if assessed else None,
                *(row[f"{kind}:{slug}"] for slug, _ in domains for kind in ("score", "rag")),
                row["change"],
                row["done"],
                row["total"],
                row["late"],
                row["stage"],
                _local_date(row["submitted"]),
            ]
        )
    blank_tail = [None] * 6
    medians = overview.medians
    rows.append(
        [
            MEDIAN_LABEL,
            None,
            None,
            None,
            medians.get("overall"),
            None,
            None,
            *(v for slug, _ in domains for v in (medians.get(f"score:{slug}"), None)),
            *blank_tail,
        ]
    )
    reference = overview.data.reference
    by_slug = {d["slug"]: d for d in reference.get("domains", [])}
    rows.append(
        [
            REFERENCE_LABEL,
            None,
            None,
            None,
            reference.get("overall"),
            reference.get("band"),
            None,
            *(by_slug.get(slug, {}).get(kind) for slug, _ in domains for kind in ("score", "rag")),
            *blank_tail,
        ]
    )
    headings = [column.heading for column in overview_columns(domains)]
    return pd.DataFrame(rows, columns=headings, dtype=object)


def _status_label(value: str | None) -> str | None:
    return AssessmentStatus(value).label if value else None


def _local_date(value) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


# Every answer, tidy ---------------------------------------------------------------------------


def answers_table(cohort: Cohort) -> pd.DataFrame:
    """One row per council, round and indicator, for the submitted and validated assessments
    of the cohort's councils. One query, whatever the number of councils.

    ``frame.attrs["authority_ids"]`` lists the councils whose answers it holds, for the audit."""
    rows = (
        Answer.objects.filter(
            assessment__authority__cohorts=cohort, assessment__status__in=SUBMITTED_STATUSES
        )
        .order_by(
            "assessment__authority__name",
            "assessment__round",
            "indicator__domain__sort_order",
            "indicator__sort_order",
        )
        .values("assessment__authority_id", *(k for k in ANSWER_FIELDS if k != "round_label"))
    )
    authority_ids: list[int] = []
    records = []
    for row in rows:
        if not authority_ids or authority_ids[-1] != row["assessment__authority_id"]:
            authority_ids.append(row["assessment__authority_id"])
        row["round_label"] = analysis.round_label(row["assessment__round"])
        level = row["level"]
        row["level"] = int(level) if level.isdigit() else level
        row["assessment__submitted_at"] = _local_datetime(row["assessment__submitted_at"])
        records.append([row[key] for key in ANSWER_FIELDS])
    frame = pd.DataFrame(
        records, columns=[column.heading for column in ANSWER_COLUMNS], dtype=object
    )
    frame.attrs["authority_ids"] = list(dict.fromkeys(authority_ids))
    return frame


# Team agreement of rounds rated independently ---------------------------------------------------

OVERALL_LABEL = "Overall"
AGREEMENT_COLUMNS = [
    Column("Council", "council", "The council's name."),
    Column("ONS code", "ons_code", "The council's Office for National Statistics code."),
    Column("Round (months)", "round", "Months since the council's baseline: 0 is the baseline."),
    Column("Round", "round_label", "The round as the service names it."),
    Column("Domain", "domain", "The domain's title, or Overall for every domain together."),
    Column(
        "Questions compared",
        "compared",
        "Indicators rated on their own by at least two members of the council.",
    ),
    Column("Everyone agreed", "agreed", "Of those, the indicators all members answered alike."),
    Column(
        "Agreement (%)",
        "agreement",
        "Everyone agreed as a share of questions compared, to one decimal; empty if none.",
    ),
]


def agreement_table(cohort: Cohort) -> pd.DataFrame:
    """One row per domain and one Overall row for every submitted or validated round of the
    cohort's councils that members rated on their own (fidelity.consensus counts them). Four
    queries, whatever the number of councils. ``frame.attrs["authority_ids"]`` as answers_table."""
    assessments = list(
        Assessment.objects.filter(
            authority__cohorts=cohort,
            status__in=SUBMITTED_STATUSES,
            mode=AssessmentMode.INDEPENDENT,
        )
        .select_related("authority")
        .order_by("authority__name", "round")
    )
    agreements = agreements_of(assessments)
    records = []
    for assessment in assessments:
        head = [
            assessment.authority.name,
            assessment.authority.ons_code,
            assessment.round,
            analysis.round_label(assessment.round),
        ]
        result = agreements[assessment.pk]
        for domain in result.domains:
            records.append([*head, domain.title, domain.compared, domain.agreed, domain.share])
        records.append([*head, OVERALL_LABEL, result.compared, result.agreed, result.share])
    frame = pd.DataFrame(
        records, columns=[column.heading for column in AGREEMENT_COLUMNS], dtype=object
    )
    frame.attrs["authority_ids"] = list(dict.fromkeys(a.authority_id for a in assessments))
    return frame


def _local_datetime(value: datetime.datetime | None) -> datetime.datetime | None:
    return None if value is None else timezone.localtime(value).replace(microsecond=0)


# Files --------------------------------------------------------------------------------------


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark (core.downloads.csv_bytes)."""
    return downloads.csv_bytes(frame.columns, frame.itertuples(index=False, name=None))


def xlsx_bytes(
    frame: pd.DataFrame,
    *,
    sheet_title: str,
    columns: list[Column],
    bold_last_rows: int = 0,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The table's sheet, then a "Data dictionary" sheet giving each column's heading,
    machine name and meaning. Each has a bold, frozen, filterable header row; numbers and
    dates are real cells. ``progress`` is told the table's rows written so far."""
    workbook = Workbook(write_only=True)
    _add_sheet(workbook, frame, title=sheet_title, bold_last_rows=bold_last_rows, progress=progress)
    dictionary = pd.DataFrame(
        downloads.dictionary_rows(columns), columns=DICTIONARY_HEADER, dtype=object
    )
    _add_sheet(workbook, dictionary, title="Data dictionary", max_width=90)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _add_sheet(
    workbook: Workbook,
    frame: pd.DataFrame,
    *,
    title: str,
    bold_last_rows: int = 0,
    max_width: int = 50,
    progress: Callable[[int], None] | None = None,
) -> None:
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    rows = list(frame.itertuples(index=False, name=None))
    for index, column in enumerate(frame.columns, start=1):
        longest = max([len(str(column))] + [len(_display(row[index - 1])) for row in rows[:500]])
        sheet.column_dimensions[get_column_letter(index)].width = min(
            max(longest + 2, 8), max_width
        )
    bold = Font(bold=True)
    sheet.append([_cell(sheet, column, bold) for column in frame.columns])
    for number, row in enumerate(rows):
        font = bold if number >= len(rows) - bold_last_rows else None
        sheet.append([_cell(sheet, value, font) for value in row])
        if progress is not None:
            progress(number + 1)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(rows) + 1}"


def _cell(sheet, value, font: Font | None):
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    # Plain values need no cell object (a big export spends most of its time making them);
    # only formats, bold rows and text that would read as a formula do.
    if font is None and (
        value is None
        or (isinstance(value, numbers.Integral) and not isinstance(value, bool))
        or (isinstance(value, str) and not value.startswith("="))
    ):
        return value
    if isinstance(value, datetime.datetime):
        value = value.replace(tzinfo=None)  # Excel has no time zones: local time, as on screen
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text starting with "=" stays text, never a formula
    elif isinstance(value, datetime.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, float):
        cell.number_format = "0.0"
    if font is not None:
        cell.font = font
    return cell


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return "yyyy-mm-dd hh:mm"
    return str(value).split("\n", 1)[0]


# The audit trail ----------------------------------------------------------------------------


def record_export(*, user, authority_ids: Iterable[int], detail: str) -> None:
    """One audit event per council whose data left in the file, written in one query."""
    audit_councils(
        user=user, action=AuditAction.EXPORTED, authority_ids=authority_ids, detail=detail
    )


# Every answer as Excel, made in the background ----------------------------------------------

UNEXPECTED_EXPORT_FAILURE = (
    "The file could not be made because of an error in the service. Prepare it again; if this "
    "happens again, tell the service team and give them the export number {number}."
)


def start_answers_export(*, user, cohort: Cohort) -> AnswersExport:
    """Have every answer of ``cohort`` made into an Excel file for ``user`` in the background
    (cohorts.tasks), once this transaction commits. A file of theirs still being made is
    returned instead, so pressing the button twice makes one file. ``cohort`` comes from
    cohorts.selectors.cohort_for: the user reviews it."""
    from cohorts.tasks import build_answers_export_task  # the task module imports this one

    with transaction.atomic():
        unfinished = (
            AnswersExport.objects.select_for_update()
            .filter(user=user, cohort=cohort)
            .exclude(status__in=FINISHED_STATUSES)
            .first()
        )
        if unfinished is not None:
            return unfinished
        export = AnswersExport.objects.create(user=user, cohort=cohort)
        enqueue_on_commit(export, build_answers_export_task, export_id=export.pk)
    return export


def build_answers_export(*, export: AnswersExport) -> None:
    """Make the file of ``export``, reporting the rows written, and keep it in private storage.
    Made only while its reviewer still reviews the cohort; nothing is kept if it fails."""
    if export.status != WorkStatus.QUEUED:
        return  # already run: a task run twice makes one file
    export.start(step="Reading the answers")
    try:
        if not cohorts_for(user=export.user).filter(pk=export.cohort_id).exists():
            export.fail("You no longer review this cohort, so its answers were not exported.")
            return
        table = answers_table(export.cohort)
        export.move_to(step="Writing the spreadsheet", total=len(table))
        content = xlsx_bytes(
            table,
            sheet_title="Answers",
            columns=ANSWER_COLUMNS,
            progress=export.progress_reporter(),
        )
        export.move_to(step="Saving the file", done=len(table), total=len(table))
        export.file.save("answers.xlsx", ContentFile(content), save=False)
        export.finish(file=export.file.name, authority_ids=table.attrs["authority_ids"])
    except Exception:
        logger.exception("Answers export %s failed", export.pk)
        if export.file:
            export.file.delete(save=False)
        export.fail(UNEXPECTED_EXPORT_FAILURE.format(number=export.pk), file="")
        raise


def answers_export_file_name(export: AnswersExport) -> str:
    return f"{slugify(export.cohort.name)}-answers.xlsx"


def record_answers_download(*, user, export: AnswersExport) -> None:
    record_export(
        user=user,
        authority_ids=export.authority_ids,
        detail=f"Answers of {export.cohort.name} (XLSX)",
    )


def expired_answers_exports(*, now: datetime.datetime) -> QuerySet[AnswersExport]:
    """Answers exports made longer ago than they are kept, oldest first."""
    return AnswersExport.objects.filter(created_at__lt=now - answers_export_keep()).order_by(
        "created_at"
    )


def delete_answers_export(*, export: AnswersExport) -> None:
    """The export and its file, from storage too."""
    if export.file:
        export.file.delete(save=False)
    export.delete()
