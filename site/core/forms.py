"""Form fields shared by the site's own (non-admin) forms, shaped like GOV.UK components."""

import datetime

from django import forms


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
