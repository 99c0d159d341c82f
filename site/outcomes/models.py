import uuid

from django.conf import settings
from django.db import models

from authorities.models import Authority
from core.background import BackgroundWork, private_storage
from outcomes.choices import LocalMeasure, StatisticsFile
from outcomes.returns import validate_quarter_start


class LocalReturn(models.Model):
    """A council's figure for one of the model's own measures in one quarter (outcomes.returns).

    Saved from the quarterly return form or a CSV upload (outcomes.services); the row itself
    records who saved it last and when.
    """

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="local_returns")
    quarter = models.DateField(
        validators=[validate_quarter_start],
        help_text="The financial quarter's first day: 1 April, 1 July, 1 October or 1 January.",
    )
    measure = models.CharField(max_length=40, choices=LocalMeasure.choices)
    value = models.DecimalField(max_digits=12, decimal_places=1)
    note = models.TextField(blank=True)
    # Every change adds one; with the rows' ids it makes the quarter's revision
    # (outcomes.services.quarter_revision), so a form drawn from an older one is refused.
    revision = models.PositiveIntegerField(default=1, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who saved the figure last.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["authority", "-quarter", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "quarter", "measure"], name="one_local_return_per_quarter"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__day=1, quarter__month__in=[1, 4, 7, 10]),
                name="local_return_quarter_start",
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="local_return_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authority} {self.quarter:%Y-%m-%d} {self.measure}: {self.value}"


class QuarterSignOff(models.Model):
    """A council lead's sign-off of a quarter's return (outcomes.services.sign_off_quarter).

    While a sign-off is current its quarter's figures cannot change; a lead reopens the quarter
    to change them, which fills in ``reopened_by``/``reopened_at`` and keeps the row, so the
    quarter's history of sign-offs stays readable. At most one sign-off of a quarter is current.
    """

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="quarter_sign_offs"
    )
    quarter = models.DateField(
        validators=[validate_quarter_start],
        help_text="The financial quarter's first day: 1 April, 1 July, 1 October or 1 January.",
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    signed_off_at = models.DateTimeField()
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["authority", "-quarter", "-signed_off_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "quarter"],
                condition=models.Q(reopened_at__isnull=True),
                name="one_current_sign_off_per_quarter",
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__day=1, quarter__month__in=[1, 4, 7, 10]),
                name="quarter_sign_off_quarter_start",
            ),
        ]

    def __str__(self) -> str:
        state = "reopened" if self.reopened_at else "signed off"
        return f"{self.authority} {self.quarter:%Y-%m-%d}: {state}"

    @property
    def is_current(self) -> bool:
        return self.reopened_at is None


def statistics_upload_path(instance: "StatisticsUpload", filename: str) -> str:
    # Never the uploader's file name on disk: it is kept in file_name, for display only.
    return f"statistics-uploads/{uuid.uuid4().hex}.csv"


class StatisticsUpload(BackgroundWork):
    """An official-statistics file sent through the upload page, imported by a background task
    (outcomes.tasks). The file is kept in private storage until the import ends, then deleted:
    the import's StatisticsImport record keeps its checksum. Seen only by who uploaded it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=StatisticsFile.choices)
    dataset = models.CharField(max_length=100, blank=True)
    file_name = models.CharField(max_length=255, help_text="The name the file was uploaded under.")
    file = models.FileField(
        storage=private_storage, upload_to=statistics_upload_path, max_length=200, blank=True
    )
    report = models.JSONField(default=dict, blank=True, help_text="What the import read and did.")
    problems = models.JSONField(
        default=list, blank=True, help_text="The file's problems, each a line for a person."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
