"""Councils' quarterly local returns: see them, add or change a quarter, upload a CSV. Thin views.

Council pages find their council through ``authorities.selectors.authority_for``: only its
members get anything; another council's user, a reviewer and staff get a 404; anonymous users
are sent to sign in. Reviewers read their cohorts' returns on the review page, through
``cohorts.selectors.cohort_for`` (any other cohort is a 404).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from authorities.models import Authority
from authorities.permissions import authorities_for
from authorities.selectors import authority_for
from cohorts.permissions import cohorts_for
from cohorts.selectors import cohort_for
from core.conflicts import display, form_differences, rebased
from core.downloads import attachment
from core.forms import NOTHING_IDENTIFYING_TO_UPLOAD
from outcomes import returns, services
from outcomes.choices import LocalMeasure
from outcomes.models import LocalReturn

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_PROBLEMS_SHOWN = 100
QUARTER_CHOICES = [(str(n), f"Q{n}: {name}") for n, name in returns.QUARTER_NAMES.items()]


# Forms ----------------------------------------------------------------------------------------


class QuarterReturnForm(forms.Form):
    """A quarter (year and Q1-Q4), one figure per measure, and a note."""

    # The quarter's revision as the page showed it ("" for a quarter shown empty).
    revision = forms.CharField(widget=forms.HiddenInput, required=False)

    year = forms.CharField(
        label="Year",
        help_text="For example, 2025. Returns start in 2014.",
        error_messages={"required": "Enter the year"},
    )
    quarter = forms.ChoiceField(
        label="Quarter",
        choices=QUARTER_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the quarter"},
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text="Anything a reader should know about these figures, such as how they were "
        "counted.",
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for measure in LocalMeasure:
            self.fields[measure.value] = forms.CharField(
                label=measure.label,
                required=False,
                help_text=(
                    "Count for the quarter, a whole number"
                    if returns.is_count(measure)
                    else "Percentage from 0 to 100, to one decimal place"
                ),
            )
        # Keep the note last, after the figures.
        self.order_fields(["year", "quarter", *LocalMeasure.values, "note"])

    def measure_fields(self):
        return [self[measure] for measure in LocalMeasure.values]

    def clean_year(self) -> int:
        text = self.cleaned_data["year"].strip()
        if not text.isdigit() or len(text) != 4:
            raise forms.ValidationError("Year must be 4 numbers, like 2025")
        return int(text)

    def clean(self):
        cleaned = super().clean()
        for measure in LocalMeasure:
            if measure.value in self.errors:
                continue
            try:
                cleaned[measure.value] = returns.parse_value(cleaned.get(measure.value, ""))
            except ValueError as error:
                self.add_error(measure.value, f"{measure.label} {error}")
        return cleaned

    def quarter_date(self) -> datetime.date:
        return returns.quarter_from(self.cleaned_data["year"], int(self.cleaned_data["quarter"]))

    def values(self) -> dict[str, Decimal | None]:
        return {measure: self.cleaned_data[measure] for measure in LocalMeasure.values}


class ReturnsUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="A CSV file saved as UTF-8 with the header quarter,measure,value,note. "
        + NOTHING_IDENTIFYING_TO_UPLOAD,
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be read: select it again",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {filesizeformat(MAX_UPLOAD_BYTES)}"
            )
        return upload


# Tables ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuarterRow:
    quarter: datetime.date
    label: str
    cells: list[str]
    notes: list[str]
    updated_at: datetime.datetime
    updated_by: str


def display_value(measure: str, value: Decimal | None) -> str:
    if value is None:
        return ""
    if returns.is_count(measure):
        return f"{int(value):,}"
    return f"{value:.1f}%"


def quarter_rows(local_returns) -> list[QuarterRow]:
    """Rows of quarters, latest first, each with a cell per measure (in LocalMeasure order)."""
    by_quarter: dict[datetime.date, list[LocalReturn]] = {}
    for local_return in local_returns:
        by_quarter.setdefault(local_return.quarter, []).append(local_return)
    rows = []
    for quarter in sorted(by_quarter, reverse=True):
        figures = by_quarter[quarter]
        values = {r.measure: r.value for r in figures}
        latest = max(figures, key=lambda r: r.updated_at)
        user = latest.submitted_by
        rows.append(
            QuarterRow(
                quarter=quarter,
                label=returns.quarter_label(quarter),
                cells=[display_value(m, values.get(m)) for m in LocalMeasure.values],
                notes=list(dict.fromkeys(r.note for r in figures if r.note)),
                updated_at=latest.updated_at,
                updated_by=(user.get_full_name() or user.get_username()) if user else "Unknown",
            )
        )
    return rows


# Council pages --------------------------------------------------------------------------------


@login_required
@require_GET
def return_list(request):
    authorities = list(authorities_for(user=request.user).order_by("name"))
    cohorts = list(cohorts_for(user=request.user).order_by("name"))
    return render(
        request, "outcomes/returns/list.html", {"authorities": authorities, "cohorts": cohorts}
    )


@login_required
@require_GET
def authority_returns(request, authority_pk: int):
    authority = authority_for(user=request.user, pk=authority_pk)
    rows = quarter_rows(
        LocalReturn.objects.filter(authority=authority).select_related("submitted_by")
    )
    return render(
        request,
        "outcomes/returns/authority.html",
        {"authority": authority, "rows": rows, "measures": LocalMeasure.choices},
    )


def _initial(authority: Authority, quarter_text: str) -> dict:
    try:
        quarter = returns.parse_quarter(quarter_text)
    except ValueError:
        return {}
    stored = list(LocalReturn.objects.filter(authority=authority, quarter=quarter))
    initial = {
        "year": str(quarter.year),
        "quarter": str(returns.quarter_number(quarter)),
        "revision": services.quarter_revision(stored),
    }
    for local_return in stored:
        initial[local_return.measure] = (
            str(local_return.value.quantize(Decimal(1)))
            if returns.is_count(local_return.measure)
            else str(local_return.value)
        )
        initial["note"] = initial.get("note") or local_return.note
    return initial


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def edit_quarter(request, authority_pk: int):
    authority = authority_for(user=request.user, pk=authority_pk)
    if request.method == "POST":
        form = QuarterReturnForm(request.POST)
    else:
        form = QuarterReturnForm(initial=_initial(authority, request.GET.get("quarter", "")))
    conflict, changes = None, []
    if request.method == "POST" and form.is_valid():
        quarter = form.quarter_date()
        try:
            services.save_local_return(
                user=request.user,
                authority=authority,
                quarter=quarter,
                values=form.values(),
                base_revision=form.cleaned_data["revision"],
                note=form.cleaned_data["note"],
            )
        except services.LocalReturnError as error:
            for field, message in error.problems.items():
                form.add_error(field if field in form.fields else None, message)
        except services.LocalReturnConflict as refused:
            # The person's figures stay, now on the revision saved, to save again if they wish.
            conflict = refused
            form = QuarterReturnForm(rebased(request.POST, revision=refused.revision))
            form.is_valid()
            changes = form_differences(form, refused.theirs, show=_shown)
            form.add_error(None, refused.message)
        else:
            messages.success(request, f"The return for {returns.quarter_label(quarter)} is saved.")
            return redirect("returns:authority", authority_pk=authority.pk)
    return render(
        request,
        "outcomes/returns/edit.html",
        {
            "authority": authority,
            "form": form,
            "today": timezone.localdate(),
            "conflict": conflict,
            "changes": changes,
        },
        status=409 if conflict else 200,
    )


def _shown(name: str, value) -> str:
    """A figure or the note as the table of what changed shows it."""
    if name in LocalMeasure.values:
        return display_value(name, value) or "Not given"
    return display(value, blank="Not given")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def upload(request, authority_pk: int):
    authority = authority_for(user=request.user, pk=authority_pk)
    form = ReturnsUploadForm(request.POST or None, request.FILES or None)
    context = {
        "authority": authority,
        "form": form,
        "max_bytes": MAX_UPLOAD_BYTES,
        "measures": LocalMeasure.choices,
    }
    if request.method == "POST" and form.is_valid():
        report = services.import_local_returns_csv(
            user=request.user, authority=authority, file=form.cleaned_data["file"]
        )
        if report.ok:
            return render(
                request,
                "outcomes/returns/upload_done.html",
                {
                    "authority": authority,
                    "report": report,
                    "file_name": form.cleaned_data["file"].name,
                    "quarters": [returns.quarter_label(q) for q in report.quarters],
                },
            )
        problems = [
            f"Line {line}: {reason}" if line else reason for line, reason in report.problems
        ]
        form.add_error(
            "file",
            f"The file has {len(problems)} problem{'s' if len(problems) != 1 else ''} and "
            "nothing from it was saved. Correct the file and upload it again",
        )
        context |= {
            "problems": problems[:MAX_PROBLEMS_SHOWN],
            "more_problems": max(0, len(problems) - MAX_PROBLEMS_SHOWN),
        }
    return render(request, "outcomes/returns/upload.html", context)


@login_required
@require_GET
def template(request, authority_pk: int):
    """The CSV to fill in for an upload: from the council's own pages, for its members."""
    authority = authority_for(user=request.user, pk=authority_pk)
    return attachment(
        services.returns_template_csv(),
        content_type="text/csv; charset=utf-8",
        filename=f"local-returns-{authority.ons_code}.csv",
    )


# Reviewer page --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CouncilReturns:
    authority: Authority
    rows: list[QuarterRow]

    @property
    def latest(self) -> QuarterRow | None:
        return self.rows[0] if self.rows else None


@login_required
@require_GET
def review(request, cohort_pk: int):
    cohort = cohort_for(user=request.user, pk=cohort_pk)
    councils = list(cohort.councils.order_by("name"))
    by_council: dict[int, list[LocalReturn]] = {council.pk: [] for council in councils}
    for local_return in LocalReturn.objects.filter(authority__in=councils).select_related(
        "submitted_by"
    ):
        by_council[local_return.authority_id].append(local_return)
    council_returns = [
        CouncilReturns(authority=council, rows=quarter_rows(by_council[council.pk]))
        for council in councils
    ]
    return render(
        request,
        "outcomes/returns/review.html",
        {"cohort": cohort, "councils": council_returns, "measures": LocalMeasure.choices},
    )
