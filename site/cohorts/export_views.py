"""Reviewer downloads of a cohort: the overview and every answer, as CSV or Excel.

Scoped like every reviewer page: a cohort not assigned to the user is a 404, for council users
too. Each download leaves one audit event per council whose data it holds.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from cohorts import analysis, exports, selectors
from core.downloads import attachment

FORMATS = {
    "csv": exports.CSV_CONTENT_TYPE,
    "xlsx": exports.XLSX_CONTENT_TYPE,
}


def _download(content: bytes, *, fmt: str, filename: str) -> HttpResponse:
    return attachment(content, content_type=FORMATS[fmt], filename=f"{filename}.{fmt}")


@login_required
@require_GET
def overview_export(request, cohort_pk: int, fmt: str):
    cohort = selectors.cohort_for(user=request.user, pk=cohort_pk)
    round_filter = selectors.round_filter(request.GET.get("round", ""))
    sort = request.GET.get("sort", "council")
    overview = selectors.cohort_overview(
        cohort,
        round_filter=round_filter,
        sort=sort if sort in analysis.SORT_KEYS else "council",
        descending=request.GET.get("order") == "desc",
    )
    table = exports.overview_table(overview)
    if fmt == "csv":
        content = exports.csv_bytes(table)
    else:
        content = exports.xlsx_bytes(
            table,
            sheet_title="Overview",
            columns=exports.overview_columns(overview.data.domains),
            bold_last_rows=2,
        )
    shown = "latest round" if round_filter is None else analysis.round_label(round_filter)
    exports.record_export(
        user=request.user,
        authority_ids=[council.pk for council in overview.data.councils],
        detail=f"Cohort overview of {cohort.name}, {shown} ({fmt.upper()})",
    )
    suffix = "" if round_filter is None else f"-{round_filter}-months"
    return _download(content, fmt=fmt, filename=f"{slugify(cohort.name)}-overview{suffix}")


@login_required
@require_GET
def answers_export(request, cohort_pk: int, fmt: str):
    cohort = selectors.cohort_for(user=request.user, pk=cohort_pk)
    table = exports.answers_table(cohort)
    if fmt == "csv":
        content = exports.csv_bytes(table)
    else:
        content = exports.xlsx_bytes(table, sheet_title="Answers", columns=exports.ANSWER_COLUMNS)
    exports.record_export(
        user=request.user,
        authority_ids=table.attrs["authority_ids"],
        detail=f"Answers of {cohort.name} ({fmt.upper()})",
    )
    return _download(content, fmt=fmt, filename=f"{slugify(cohort.name)}-answers")


@login_required
@require_GET
def agreement_export(request, cohort_pk: int, fmt: str):
    """How far each council's members agreed in the rounds they rated on their own."""
    cohort = selectors.cohort_for(user=request.user, pk=cohort_pk)
    table = exports.agreement_table(cohort)
    if fmt == "csv":
        content = exports.csv_bytes(table)
    else:
        content = exports.xlsx_bytes(
            table, sheet_title="Team agreement", columns=exports.AGREEMENT_COLUMNS
        )
    exports.record_export(
        user=request.user,
        authority_ids=table.attrs["authority_ids"],
        detail=f"Team agreement of {cohort.name} ({fmt.upper()})",
    )
    return _download(content, fmt=fmt, filename=f"{slugify(cohort.name)}-team-agreement")
