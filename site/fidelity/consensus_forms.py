"""Forms of a round rated independently: a member's own ratings of a domain, and the agreed
answers a lead records in the consensus step."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from core.conflicts import RevisionField
from core.forms import NOTHING_IDENTIFYING_TO_WRITE
from fidelity.choices import Level
from fidelity.consensus import Spread
from fidelity.consensus_selectors import ConsensusRow
from fidelity.forms import NOTE_MAX_LENGTH
from fidelity.models import Indicator


def _level_field(indicator: Indicator, *, required: bool) -> forms.ChoiceField:
    choices = [
        (Level.NOT_IN_PLACE, indicator.descriptor_0),
        (Level.PARTIAL, indicator.descriptor_1),
        (Level.FULL, indicator.descriptor_2),
    ]
    if indicator.allows_na:
        choices.append((Level.NOT_APPLICABLE, "Not applicable"))
    na = " or not applicable" if indicator.allows_na else ""
    return forms.ChoiceField(
        label=indicator.title,
        choices=choices,
        widget=forms.RadioSelect,
        required=required,
        error_messages={
            "required": f"Select how far this is in place: {indicator.title}",
            "invalid_choice": f"Select 0, 1, 2{na} for: {indicator.title}",
        },
    )


def _note_field(indicator: Indicator, help_text: str) -> forms.CharField:
    return forms.CharField(
        label="Note",
        help_text=f"{help_text} {NOTHING_IDENTIFYING_TO_WRITE}",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        error_messages={
            "max_length": f"The note for {indicator.title} must be {NOTE_MAX_LENGTH} characters or fewer"
        },
    )


@dataclass(frozen=True)
class RatingRow:
    indicator: Indicator
    level: forms.BoundField
    note: forms.BoundField
    spread: Spread | None = None


class OwnRatingsForm(forms.Form):
    """One member's own answers to a domain. "Save and come back later" (``partial``) accepts
    unanswered questions."""

    def __init__(self, *args, indicators: list[Indicator], partial: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            self.fields[f"{indicator.slug}-level"] = _level_field(indicator, required=not partial)
            self.fields[f"{indicator.slug}-note"] = _note_field(
                indicator,
                f"{indicator.evidence_prompt} Optional: others read it once the consensus step opens.",
            )

    def rows(self) -> list[RatingRow]:
        return [
            RatingRow(i, self[f"{i.slug}-level"], self[f"{i.slug}-note"]) for i in self.indicators
        ]

    def values(self) -> dict[str, tuple[str | None, str]]:
        return {
            i.slug: (
                self.cleaned_data.get(f"{i.slug}-level") or None,
                (self.cleaned_data.get(f"{i.slug}-note") or "").strip(),
            )
            for i in self.indicators
        }


class ConsensusForm(forms.Form):
    """The agreed level and note of every indicator of a domain, recorded by a lead."""

    revision = RevisionField()

    def __init__(self, *args, rows: list[ConsensusRow], **kwargs):
        super().__init__(*args, **kwargs)
        self.consensus_rows = rows
        for row in rows:
            indicator = row.indicator
            self.fields[f"{indicator.slug}-level"] = _level_field(indicator, required=True)
            self.fields[f"{indicator.slug}-level"].error_messages["required"] = (
                f"Select the agreed level for {indicator.title}"
            )
            needed = (
                "Required: members disagreed, so say how you agreed."
                if row.spread.disagreement
                else "Required if you agree a 2; otherwise optional."
            )
            self.fields[f"{indicator.slug}-note"] = _note_field(
                indicator, f"The evidence and how you agreed. {needed}"
            )

    def rows(self) -> list[RatingRow]:
        return [
            RatingRow(
                r.indicator,
                self[f"{r.indicator.slug}-level"],
                self[f"{r.indicator.slug}-note"],
                r.spread,
            )
            for r in self.consensus_rows
        ]

    def clean(self):
        data = super().clean()
        for row in self.consensus_rows:
            slug, title = row.indicator.slug, row.indicator.title
            level = data.get(f"{slug}-level")
            note = (data.get(f"{slug}-note") or "").strip()
            if level is None or note:
                continue
            if row.spread.disagreement:
                self.add_error(
                    f"{slug}-note",
                    f"Enter a note for {title}: members disagreed, so say how you agreed",
                )
            elif level == Level.FULL:
                self.add_error(
                    f"{slug}-note",
                    f"Enter the evidence for {title}: a 2 (fully in place) needs a note",
                )
        return data

    def values(self) -> dict[str, tuple[str, str]]:
        return {
            r.indicator.slug: (
                self.cleaned_data[f"{r.indicator.slug}-level"],
                (self.cleaned_data.get(f"{r.indicator.slug}-note") or "").strip(),
            )
            for r in self.consensus_rows
        }

    @staticmethod
    def initial_for(rows: list[ConsensusRow], revision: int) -> dict:
        """What was agreed so far; where nothing is, the level everyone gave, if they agreed."""
        initial: dict = {"revision": revision}
        for row in rows:
            slug = row.indicator.slug
            if row.answer is not None:
                initial[f"{slug}-level"] = row.answer.level
                initial[f"{slug}-note"] = row.answer.evidence_note
            elif row.spread.unanimous:
                initial[f"{slug}-level"] = row.spread.ratings[0].level
        return initial
