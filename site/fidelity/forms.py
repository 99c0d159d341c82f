"""The assessment journey's forms: one per section, plus starting, submitting and the action plan.

Every section form takes ``partial``: "Save and come back later" accepts unanswered questions,
but never an answer that breaks a rule (a 2 without evidence, a file of the wrong type).
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

import filetype

from core.conflicts import RevisionField
from core.forms import (
    NOTHING_IDENTIFYING_TO_UPLOAD,
    NOTHING_IDENTIFYING_TO_WRITE,
    DateInputField,
)
from core.text import visible
from fidelity.choices import ActionStatus, AssessmentMode, AssessmentRound, Level
from fidelity.models import (
    EVIDENCE_NAME_MAX_LENGTH,
    EVIDENCE_TYPES,
    Assessment,
    Indicator,
    evidence_name,
)

MAX_FILES_PER_ANSWER = 5
NOTE_MAX_LENGTH = 5000


class SectionForm(forms.Form):
    """Carries the section revision the page was drawn from, to detect a later save by another."""

    revision = RevisionField()

    def __init__(self, *args, partial: bool = False, **kwargs):
        self.partial = partial
        super().__init__(*args, **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(EvidenceFilesField, self).clean(file, initial) for file in files]


@dataclass(frozen=True)
class IndicatorRow:
    """One question of a domain page: the indicator, its words and its three fields."""

    indicator: Indicator
    level: forms.BoundField
    note: forms.BoundField
    files: forms.BoundField
    evidence_files: list


class DomainSectionForm(SectionForm):
    def __init__(self, *args, indicators: list[Indicator], evidence_files=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.evidence_files = evidence_files or {}
        for indicator in indicators:
            choices = [
                (Level.NOT_IN_PLACE, indicator.descriptor_0),
                (Level.PARTIAL, indicator.descriptor_1),
                (Level.FULL, indicator.descriptor_2),
            ]
            if indicator.allows_na:
                choices.append((Level.NOT_APPLICABLE, "Not applicable"))
            self.fields[f"{indicator.slug}-level"] = forms.ChoiceField(
                label=indicator.title,
                choices=choices,
                widget=forms.RadioSelect,
                required=not self.partial,
                error_messages={
                    "required": f"Select how far this is in place: {indicator.title}",
                    "invalid_choice": f"Select 0, 1, 2{' or not applicable' if indicator.allows_na else ''} for: {indicator.title}",
                },
            )
            self.fields[f"{indicator.slug}-note"] = forms.CharField(
                label="Evidence note",
                help_text=(
                    f"{indicator.evidence_prompt} Required if you answer 2. "
                    f"{NOTHING_IDENTIFYING_TO_WRITE}"
                ),
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                max_length=NOTE_MAX_LENGTH,
                error_messages={
                    "max_length": f"The evidence note for {indicator.title} must be {NOTE_MAX_LENGTH} characters or fewer"
                },
            )
            self.fields[f"{indicator.slug}-files"] = EvidenceFilesField(
                label="Evidence files (optional)",
                help_text=NOTHING_IDENTIFYING_TO_UPLOAD,
                required=False,
            )

    def rows(self) -> list[IndicatorRow]:
        return [
            IndicatorRow(
                indicator=indicator,
                level=self[f"{indicator.slug}-level"],
                note=self[f"{indicator.slug}-note"],
                files=self[f"{indicator.slug}-files"],
                evidence_files=self.evidence_files.get(indicator.pk, []),
            )
            for indicator in self.indicators
        ]

    def clean(self):
        data = super().clean()
        for indicator in self.indicators:
            level = data.get(f"{indicator.slug}-level")
            note = (data.get(f"{indicator.slug}-note") or "").strip()
            if level == Level.FULL and not note:
                self.add_error(
                    f"{indicator.slug}-note",
                    f"Enter the evidence for {indicator.title}: a 2 (fully in place) needs an evidence note",
                )
            self._check_files(indicator, data.get(f"{indicator.slug}-files") or [])
        return data

    def _check_files(self, indicator: Indicator, files) -> None:
        field = f"{indicator.slug}-files"
        if len(files) > MAX_FILES_PER_ANSWER:
            self.add_error(
                field, f"Select {MAX_FILES_PER_ANSWER} files or fewer for {indicator.title}"
            )
            return
        for upload in files:
            name = visible(upload.name)
            if len(name) > EVIDENCE_NAME_MAX_LENGTH:
                self.add_error(
                    field,
                    f"The name of the file ‘{name[:40]}…’ must be {EVIDENCE_NAME_MAX_LENGTH} characters or fewer: rename the file and select it again",
                )
                continue
            if upload.size > settings.EVIDENCE_MAX_BYTES:
                self.add_error(
                    field,
                    f"{name} is {filesizeformat(upload.size)}: each file must be smaller than {filesizeformat(settings.EVIDENCE_MAX_BYTES)}",
                )
                continue
            kind = filetype.guess(upload.read(8192))
            upload.seek(0)
            if kind is None or kind.mime not in EVIDENCE_TYPES:
                self.add_error(field, f"{name} must be a PDF, Word, Excel, PNG or JPEG file")
                continue
            upload.evidence_content_type = kind.mime
            upload.evidence_name = evidence_name(upload.name, kind.mime)

    def section_values(self) -> dict:
        return {
            indicator.slug: (
                self.cleaned_data.get(f"{indicator.slug}-level") or None,
                (self.cleaned_data.get(f"{indicator.slug}-note") or "").strip(),
            )
            for indicator in self.indicators
        }

    def uploads(self) -> list[tuple[str, object]]:
        return [
            (indicator.slug, upload)
            for indicator in self.indicators
            for upload in self.cleaned_data.get(f"{indicator.slug}-files") or []
        ]


class StartAssessmentForm(forms.Form):
    authority = forms.ModelChoiceField(
        label="Council",
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the council", "invalid_choice": "Select the council"},
    )
    round = forms.TypedChoiceField(
        label="Which round is this?",
        choices=AssessmentRound.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the round", "invalid_choice": "Select the round"},
    )
    prefill = forms.TypedChoiceField(
        label="Start from your last submitted assessment?",
        help_text="Its answers are copied in for you to check, section by section.",
        choices=[("yes", "Yes, copy its answers"), ("no", "No, start with empty answers")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        required=False,
    )
    # Optional: a form posted without it (as before modes existed) keeps one shared set.
    mode = forms.TypedChoiceField(
        label="How will your council answer?",
        help_text=(
            "Rating on your own: each member answers every question without seeing the others' "
            "answers, then a lead opens a consensus step where you agree each answer together."
        ),
        choices=AssessmentMode.choices,
        initial=AssessmentMode.SHARED,
        widget=forms.RadioSelect,
        required=False,
        empty_value=AssessmentMode.SHARED,
        error_messages={"invalid_choice": "Select how your council will answer"},
    )

    def __init__(self, *args, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities

    def clean(self):
        data = super().clean()
        if data.get("mode") == AssessmentMode.INDEPENDENT and data.get("prefill"):
            self.add_error(
                "prefill",
                "Members rating on their own start with empty answers: choose not to copy your "
                "last assessment, or choose one shared set of answers",
            )
        return data


class SubmitForm(forms.Form):
    """The declaration, and where the context section contradicts answers (``warnings``), the
    lead's word that they checked them: the keys of the warnings shown go with it, so that a
    warning added since the page was drawn is confirmed too (services.submit_assessment)."""

    warnings_checked = forms.BooleanField(
        label=(
            "I have checked the answers that the context section contradicts, and they stand "
            "as answered"
        ),
        error_messages={
            "required": "Confirm that you have checked the answers the context section "
            "contradicts, or change them"
        },
    )
    warning_keys = forms.Field(widget=forms.MultipleHiddenInput, required=False)
    declaration = forms.BooleanField(
        label=(
            "I confirm that these answers are accurate to the best of my knowledge, that "
            "the evidence described is available to reviewers, and that nothing in the answers, "
            "evidence notes or files identifies a child or a family."
        ),
        error_messages={"required": "Confirm the declaration to submit the assessment"},
    )

    def __init__(self, *args, warnings=(), **kwargs):
        super().__init__(*args, **kwargs)
        if warnings:
            self.fields["warning_keys"].initial = [warning.key for warning in warnings]
        else:
            del self.fields["warnings_checked"], self.fields["warning_keys"]

    def confirmed_warnings(self) -> list[str]:
        return self.cleaned_data.get("warning_keys") or []


class PlannedActionForm(forms.Form):
    revision = RevisionField()
    owner = forms.CharField(
        label="Owner",
        help_text="The person or team responsible.",
        max_length=120,
        required=False,
        error_messages={"max_length": "The owner must be 120 characters or fewer"},
    )
    due_date = DateInputField(
        label="Due date",
        help_text="For example, 31 3 2027",
        label_for_errors="The due date",
        required=False,
    )
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status of the action"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        help_text=f"What has been done and what is next. {NOTHING_IDENTIFYING_TO_WRITE}",
        widget=forms.Textarea,
        required=False,
        max_length=NOTE_MAX_LENGTH,
        error_messages={"max_length": f"The notes must be {NOTE_MAX_LENGTH} characters or fewer"},
    )


def assessment_round_choices(assessment: Assessment) -> str:
    return assessment.get_round_display()
