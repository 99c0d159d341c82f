"""Form fields shared by the site's own (non-admin) forms, shaped like GOV.UK components, and
the feedback form."""

import datetime
from urllib.parse import urlsplit

from django import forms
from django.urls import reverse

from core.models import FEEDBACK_MAX_LENGTH, PAGE_PATH_MAX_LENGTH


class DateInputWidget(forms.MultiWidget):
    """GOV.UK date input: day, month and year boxes, posted as NAME-day, NAME-month, NAME-year.

    Rendered by core/includes/date_field.html, which marks the boxes when the field has errors.
    """

    def __init__(self, attrs=None):
        box = {"inputmode": "numeric", "class": "govuk-input govuk-date-input__input"}
        super().__init__(
            {
                "day": forms.TextInput({**box, "class": box["class"] + " govuk-input--width-2"}),
                "month": forms.TextInput({**box, "class": box["class"] + " govuk-input--width-2"}),
                "year": forms.TextInput({**box, "class": box["class"] + " govuk-input--width-4"}),
            },
            attrs,
        )
        self.widgets_names = ["-day", "-month", "-year"]

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateInputField(forms.Field):
    """A date from three boxes, with the GOV.UK pattern's error messages."""

    widget = DateInputWidget

    def __init__(self, *, label_for_errors: str, **kwargs):
        self.label_for_errors = label_for_errors
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value
        parts = [str(part or "").strip() for part in (value or [None, None, None])]
        if not any(parts):
            return None
        missing = [
            name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part
        ]
        if missing:
            raise forms.ValidationError(
                f"{self.label_for_errors} must include a {' and '.join(missing)}"
            )
        try:
            day, month, year = (int(part) for part in parts)
            if year < 1000:
                raise ValueError
            return datetime.date(year, month, day)
        except ValueError as error:
            raise forms.ValidationError(f"{self.label_for_errors} must be a real date") from error

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(f"Enter {self.label_for_errors.lower()}")


# Hints wherever people write or upload something about their work (feedback, evidence, returns).
NOTHING_IDENTIFYING_TO_WRITE = "Do not include anything that identifies a child or a family."
NOTHING_IDENTIFYING_TO_UPLOAD = "Do not upload anything that identifies a child or a family."


def page_path(value: str) -> str:
    """The path of a page on this site, or "" when ``value`` is not one (another site, a full
    address, odd characters, too long). Any query is dropped: it can hold what someone searched
    for."""
    parts = urlsplit(value.strip())
    path = parts.path
    if (
        parts.scheme
        or parts.netloc
        or not path.startswith("/")
        or path.startswith("//")
        or "\\" in path
        or not path.isprintable()
        or len(path) > PAGE_PATH_MAX_LENGTH
    ):
        return ""
    return path


class FeedbackForm(forms.Form):
    max_length = FEEDBACK_MAX_LENGTH
    # The character count's hint, which its script turns into a running count.
    limit_message = f"You can enter up to {FEEDBACK_MAX_LENGTH:,} characters"

    text = forms.CharField(
        label="What do you think of this service?",
        help_text="Tell us what worked, what did not, or what you expected to find. "
        + NOTHING_IDENTIFYING_TO_WRITE,
        max_length=FEEDBACK_MAX_LENGTH,
        error_messages={
            "required": "Enter your feedback",
            "max_length": f"Your feedback must be {FEEDBACK_MAX_LENGTH:,} characters or fewer",
        },
    )
    email = forms.EmailField(
        label="Email address (optional)",
        help_text="Only if you would like a reply. We use it for nothing else.",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "The email address must be 254 characters or fewer",
        },
    )
    # The page the "Tell us what you think" link was on, when the browser said.
    page = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_page(self) -> str:
        path = page_path(self.cleaned_data["page"])
        # The feedback pages themselves are where people give feedback, not what it is about.
        return "" if path.startswith(reverse("feedback")) else path
