"""Forms of the council's milestone plan.

The form checks only what each box holds (a real date, a known status, a note that fits).
Whether the dates make sense together is cohorts.rules.milestone_problems, applied by
cohorts.services.update_milestone; the view puts its problems on these fields.
"""

from django import forms

from cohorts.choices import MilestoneStatus
from core.conflicts import RevisionField
from core.forms import DateInputField

NOTE_MAX_LENGTH = 2000


class MilestoneForm(forms.Form):
    revision = RevisionField()
    target_date = DateInputField(
        label="Target date",
        help_text="When you plan to have it done. For example, 31 3 2027",
        label_for_errors="The target date",
        required=False,
    )
    actual_date = DateInputField(
        label="Actual date",
        help_text="When it was done. Leave it blank until then. For example, 14 9 2026",
        label_for_errors="The actual date",
        required=False,
    )
    status = forms.ChoiceField(
        label="Status",
        help_text="You do not need to mark a milestone late: it shows as late once its target date has passed and it is not done.",
        choices=MilestoneStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the status of the milestone",
            "invalid_choice": "Select the status of the milestone",
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text="For example, what is holding it up or who is doing it.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        error_messages={"max_length": f"The note must be {NOTE_MAX_LENGTH} characters or fewer"},
    )
