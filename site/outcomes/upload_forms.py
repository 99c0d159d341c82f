"""The form for uploading an official-statistics file through the site.

The file is checked here only for what a person can fix before the importer reads it: that it
is a CSV file of UTF-8 text (with or without a byte-order mark) and not too large. The
importer then checks the layout, row by row, exactly as the management commands do.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from core.forms import NOTHING_IDENTIFYING_TO_UPLOAD
from official_statistics.services import MAX_DATASET
from outcomes.choices import StatisticsFile

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DATASET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def max_upload_bytes() -> int:
    return getattr(settings, "STATISTICS_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV file saved as UTF-8, as downloaded from Explore Education Statistics "
        "or DfE's statistical-neighbour files. " + NOTHING_IDENTIFYING_TO_UPLOAD,
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be read: select it again",
        },
    )
    kind = forms.ChoiceField(
        label="What kind of file is it?",
        choices=StatisticsFile.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of file it is"},
    )
    dataset = forms.CharField(
        label="Dataset name (optional)",
        help_text="Only for Explore Education Statistics files. Letters, numbers, hyphens and "
        "underscores. If you leave it blank, the file's name is used, without '.csv'. Use the "
        "same name again to update a dataset.",
        required=False,
        max_length=MAX_DATASET,
        error_messages={
            "max_length": f"The dataset name must be {MAX_DATASET} characters or fewer",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                f"The selected file must be smaller than {filesizeformat(limit)}"
            )
        content = b"".join(upload.chunks())
        if not content.strip():
            raise forms.ValidationError("The selected file is empty")
        if b"\x00" in content:
            raise forms.ValidationError(
                "The selected file must be a CSV of text: this one looks like a spreadsheet or "
                "other binary file. Save it as 'CSV UTF-8' and upload that"
            )
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                "The selected file must be saved as UTF-8 text: it is not "
                f"(at byte {error.start}). Save it as 'CSV UTF-8' and upload that"
            ) from error
        if not _looks_like_csv(text):
            raise forms.ValidationError(
                "The selected file must be a CSV: its first line should name the columns, "
                "separated by commas"
            )
        self.content = content
        return upload

    def clean_dataset(self) -> str:
        dataset = self.cleaned_data["dataset"].strip()
        if dataset and not DATASET_NAME.fullmatch(dataset):
            raise forms.ValidationError(
                "The dataset name must start with a letter or number and contain only letters, "
                "numbers, hyphens and underscores"
            )
        return dataset

    def dataset_name(self) -> str:
        """The dataset to import into: the name given, or the uploaded file's stem."""
        return self.cleaned_data["dataset"] or PurePath(self.cleaned_data["file"].name).stem


def _looks_like_csv(text: str) -> bool:
    """The first non-blank line splits into more than one field."""
    for line in text.splitlines():
        if line.strip():
            try:
                header = next(csv.reader(io.StringIO(line)))
            except (csv.Error, StopIteration):
                return False
            return len(header) > 1
    return False
