"""Councils' quarterly local returns: see them, add or change a quarter, upload a CSV, and (for
a council's leads) sign a quarter off or reopen it. Thin views.

Council pages find their council through ``authorities.selectors.authority_for``: only its
members get anything; another council's user, a reviewer and staff get a 404; anonymous users
are sent to sign in. Signing off and reopening are for the council's leads (outcomes.permissions):
its other members get a 403 that says why. Reviewers read their cohorts' returns, signed off or
draft, on the review page, through ``cohorts.selectors.cohort_for`` (any other cohort is a 404).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404
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
from core.dates import govuk_datetime
from core.downloads import attachment
from core.forms import NOTHING_IDENTIFYING_TO_UPLOAD
from fidelity.selectors import person
from outcomes import returns, services
from outcomes.choices import LocalMeasure
from outcomes.models import LocalReturn, QuarterSignOff
from outcomes.permissions import can_sign_off, check_sign_off

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_PROBLEMS_SHOWN = 100
QUARTER_CHOICES = [(str(n), f"Q{n}: {name}") for n, name in returns.QUARTER_NAMES.items()]


# Forms ----------------------------------------------------------------------------------------


class QuarterReturnForm(forms.Form):
    """A financial quarter (financial year and Q1-Q4), one figure per measure, and a note."""

    # The quarter's revision as the page showed it ("" for a quarter shown empty).
    revision = forms.CharField(widget=forms.HiddenInput, required=False)

    year = forms.CharField(
        label="Financial year",
        help_text="The year from 1 April to 31 March, for example, 2025-26. Returns start in "
        "2014-15.",
        error_messages={"required": "Enter the financial year"},
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
        try:
            return returns.parse_financial_year(self.cleaned_data["year"])
        except ValueError as error:
            message = str(error)
            raise forms.ValidationError(message[:1].upper() + message[1:]) from None

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
    # The current sign-off, or None for a draft; for a draft, the last sign-off reopened.
    sign_off: QuarterSignOff | None = None
    reopened: QuarterSignOff | None = None
    can_sign_off: bool = False

    @property
    def signed_off_by(self) -> str:
        return person(self.sign_off.signed_off_by) if self.sign_off else ""

    @property
    def reopened_by(self) -> str:
        return person(self.reopened.reopened_by) if self.reopened else ""


def display_value(measure: str, value: Decimal | None) -> str:
    if value is None:
        return ""
    if returns.is_count(measure):
        return f"{int(value):,}"
    return f"{value:.1f}%"


def sign_offs_for(authorities) -> QuerySet[QuarterSignOff]:
    """Every sign-off, current or reopened, of these councils' quarters, in one query."""
    return QuarterSignOff.objects.filter(authority__in=authorities).select_related(
        "signed_off_by", "reopened_by"
    )


def quarter_rows(
    local_returns, sign_offs=(), *, today: datetime.date | None = None
) -> list[QuarterRow]:
    """Rows of quarters, latest first, each with a cell per measure (in LocalMeasure order) and
    whether it is signed off (``sign_offs``: one council's, current and reopened)."""
    today = today or timezone.localdate()
    by_quarter: dict[datetime.date, list[LocalReturn]] = {}
    for local_return in local_returns:
        by_quarter.setdefault(local_return.quarter, []).append(local_return)
    current: dict[datetime.date, QuarterSignOff] = {}
    reopened: dict[datetime.date, QuarterSignOff] = {}
    # Oldest first, so the last sign-off reopened is the one kept.
    for sign_off in sorted(sign_offs, key=lambda s: (s.signed_off_at, s.pk)):
        (current if sign_off.is_current else reopened)[sign_off.quarter] = sign_off
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
                sign_off=current.get(quarter),
                reopened=None if quarter in current else reopened.get(quarter),
                can_sign_off=returns.quarter_end(quarter) < today,
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
        LocalReturn.objects.filter(authority=authority).select_related("submitted_by"),
        sign_offs_for([authority]),
    )
    return render(
        request,
        "outcomes/returns/authority.html",
        {
            "authority": authority,
            "rows": rows,
            "measures": LocalMeasure.choices,
            "is_lead": can_sign_off(user=request.user, authority=authority),
        },
    )


def _quarter(text: str | None) -> datetime.date | None:
    try:
        return returns.parse_quarter(text or "")
    except ValueError:
        return None


def _initial(authority: Authority, quarter: datetime.date | None) -> dict:
    if quarter is None:
        return {}
    stored = list(LocalReturn.objects.filter(authority=authority, quarter=quarter))
    initial = {
        "year": returns.financial_year_label(returns.financial_year(quarter)),
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
    shown = _quarter(request.GET.get("quarter"))
    if request.method == "POST":
        form = QuarterReturnForm(request.POST)
    else:
        form = QuarterReturnForm(initial=_initial(authority, shown))
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
    # A quarter opened by its link that a lead has signed off since: say so before anyone types.
    signed_off = (
        services.current_sign_offs(authority=authority, quarters=[shown]).get(shown)
        if shown and request.method == "GET"
        else None
    )
    return render(
        request,
        "outcomes/returns/edit.html",
        {
            "authority": authority,
            "form": form,
            "today": timezone.localdate(),
            "conflict": conflict,
            "changes": changes,
            "signed_off": signed_off,
            "signed_off_message": services.signed_off_message(signed_off) if signed_off else "",
            "is_lead": can_sign_off(user=request.user, authority=authority),
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


# Sign-off -------------------------------------------------------------------------------------


class ReopenForm(forms.Form):
    quarter = forms.DateField(widget=forms.HiddenInput)
    # Required by the service (services.reopen_quarter), which says so.
    reason = forms.CharField(
        label="Why are you reopening this quarter?",
        help_text="For example, which figure needs correcting. Reviewers see this reason.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


def _quarter_page(authority: Authority, quarter: datetime.date) -> dict:
    """What the sign-off and reopen pages show of a quarter: its figures, note, who last changed
    them, its current sign-off and the revision the figures are at."""
    stored = list(
        LocalReturn.objects.filter(authority=authority, quarter=quarter).select_related(
            "submitted_by"
        )
    )
    values = {r.measure: r.value for r in stored}
    latest = max(stored, key=lambda r: r.updated_at, default=None)
    sign_off = services.current_sign_offs(authority=authority, quarters=[quarter]).get(quarter)
    return {
        "authority": authority,
        "quarter": quarter,
        "label": returns.quarter_label(quarter),
        "figures": [
            Figure(m.label, display_value(m, values.get(m)) or "Not given") for m in LocalMeasure
        ],
        "notes": list(dict.fromkeys(r.note for r in stored if r.note)),
        "latest": latest,
        "latest_by": person(latest.submitted_by) if latest else "",
        "sign_off": sign_off,
        "signed_off_by": person(sign_off.signed_off_by) if sign_off else "",
        "revision": services.quarter_revision(stored),
        "has_figures": bool(stored),
    }


def _lead_quarter(request, authority_pk: int) -> tuple[Authority, datetime.date]:
    """The council (404 outside the user's councils), checked that the user leads it (403), and
    the quarter the page is about (404 if it is not one)."""
    authority = authority_for(user=request.user, pk=authority_pk)
    check_sign_off(user=request.user, authority=authority)
    source = request.POST if request.method == "POST" else request.GET
    quarter = _quarter(source.get("quarter"))
    if quarter is None:
        raise Http404("That is not a quarter.")
    return authority, quarter


def _changed_since(refused: services.LocalReturnConflict, label: str) -> str:
    who = (
        f"{refused.saved_by} changed the return for {label} at {govuk_datetime(refused.saved_at)}"
        if refused.saved_by and refused.saved_at
        else f"Someone changed the return for {label}"
    )
    return (
        f"{who}, after you opened this page. It has not been signed off: check the figures, "
        "then sign it off again"
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def sign_off(request, authority_pk: int):
    authority, quarter = _lead_quarter(request, authority_pk)
    errors, conflict = [], False
    if request.method == "POST":
        try:
            services.sign_off_quarter(
                user=request.user,
                authority=authority,
                quarter=quarter,
                base_revision=request.POST.get("revision", ""),
            )
        except services.LocalReturnConflict as refused:
            conflict = True
            errors.append(_changed_since(refused, returns.quarter_label(quarter)))
        except services.LocalReturnError as error:
            errors.extend(error.problems.values())
        else:
            label = returns.quarter_label(quarter)
            messages.success(request, f"The return for {label} is signed off.")
            return redirect("returns:authority", authority_pk=authority.pk)
    # The page shows the figures as they are now, and its form carries their revision.
    context = _quarter_page(authority, quarter)
    if not context["has_figures"] and not errors:
        raise Http404("There is no return for that quarter.")
    return render(
        request,
        "outcomes/returns/sign_off.html",
        context | {"errors": errors},
        status=409 if conflict else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def reopen(request, authority_pk: int):
    authority, quarter = _lead_quarter(request, authority_pk)
    form = ReopenForm(request.POST or None, initial={"quarter": quarter})
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen_quarter(
                user=request.user,
                authority=authority,
                quarter=quarter,
                reason=form.cleaned_data["reason"],
            )
        except services.LocalReturnError as error:
            for field, message in error.problems.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request,
                f"The return for {returns.quarter_label(quarter)} is reopened: its figures can "
                "be changed, and it needs signing off again.",
            )
            return redirect("returns:authority", authority_pk=authority.pk)
    context = _quarter_page(authority, quarter)
    if not context["has_figures"] and not context["sign_off"] and not form.errors:
        raise Http404("There is no return for that quarter.")
    return render(request, "outcomes/returns/reopen.html", context | {"form": form})


# Reviewer page --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CouncilReturns:
    authority: Authority
    rows: list[QuarterRow]

    @property
    def latest(self) -> QuarterRow | None:
        return self.rows[0] if self.rows else None

    @property
    def signed_off(self) -> int:
        return sum(1 for row in self.rows if row.sign_off)


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
    sign_offs: dict[int, list[QuarterSignOff]] = {council.pk: [] for council in councils}
    for sign_off in sign_offs_for(councils):
        sign_offs[sign_off.authority_id].append(sign_off)
    council_returns = [
        CouncilReturns(
            authority=council, rows=quarter_rows(by_council[council.pk], sign_offs[council.pk])
        )
        for council in councils
    ]
    return render(
        request,
        "outcomes/returns/review.html",
        {"cohort": cohort, "councils": council_returns, "measures": LocalMeasure.choices},
    )
