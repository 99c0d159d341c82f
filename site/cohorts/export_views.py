"""Reviewer downloads of a cohort: the overview and every answer, as CSV or Excel.

Scoped like every reviewer page: a cohort not assigned to the user is a 404, for council users
too. Each download leaves one audit event per council whose data it holds. The overview (a row
per council) and the answers' CSV are made as they are asked for; every answer as Excel is made
by a background task, and only the reviewer who asked for it may download it.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cohorts import analysis, exports, selectors
from core.choices import WorkStatus
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
def answers_csv(request, cohort_pk: int):
    """Every answer as CSV: written straight into the response, fast even for every council."""
    cohort = selectors.cohort_for(user=request.user, pk=cohort_pk)
    table = exports.answers_table(cohort)
    content = exports.csv_bytes(table)
    exports.record_export(
        user=request.user,
        authority_ids=table.attrs["authority_ids"],
        detail=f"Answers of {cohort.name} (CSV)",
    )
    return _download(content, fmt="csv", filename=f"{slugify(cohort.name)}-answers")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def answers_xlsx(request, cohort_pk: int):
    """Every answer as Excel, which takes seconds for a large cohort: the reviewer asks for the
    file (POST), a background task makes it, and its status page offers it when made. The page
    lists the files they asked for that are still kept."""
    cohort = selectors.cohort_for(user=request.user, pk=cohort_pk)
    if request.method == "POST":
        export = exports.start_answers_export(user=request.user, cohort=cohort)
        return redirect("review_exports:answers_xlsx_status", cohort_pk=cohort.pk, pk=export.pk)
    return render(
        request,
        "cohorts/review/answers_xlsx.html",
        {
            "cohort": cohort,
            "exports": list(selectors.answers_exports_of(user=request.user, cohort=cohort)),
            "keep_hours": int(selectors.answers_export_keep().total_seconds() // 3600),
        },
    )


@never_cache
@login_required
@require_GET
def answers_xlsx_status(request, cohort_pk: int, pk: int):
    cohort = selectors.cohort_for(user=request.user, pk=cohort_pk)
    export = selectors.answers_export_for(user=request.user, cohort=cohort, pk=pk)
    return render(
        request,
        "cohorts/review/answers_xlsx_status.html",
        {
            "cohort": cohort,
            "export": export,
            "kept_until": export.created_at + selectors.answers_export_keep(),
        },
    )


@login_required
@require_GET
def answers_xlsx_download(request, cohort_pk: int, pk: int):
    cohort = selectors.cohort_for(user=request.user, pk=cohort_pk)
    export = selectors.answers_export_for(user=request.user, cohort=cohort, pk=pk)
    if export.status != WorkStatus.DONE or not export.file:
        raise Http404("This file is not ready.")
    exports.record_answers_download(user=request.user, export=export)
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=exports.answers_export_file_name(export),
        content_type=exports.XLSX_CONTENT_TYPE,
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


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
