from django.conf import settings
from django.db import models

from authorities.models import Authority
from outcomes.choices import LocalMeasure
from outcomes.returns import validate_quarter_start


class LocalReturn(models.Model):
    """A council's figure for one of the model's own measures in one quarter (outcomes.returns).

    Saved from the quarterly return form or a CSV upload (outcomes.services); the row itself
    records who saved it last and when.
    """

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="local_returns")
    quarter = models.DateField(
        validators=[validate_quarter_start],
        help_text="The quarter's first day: 1 January, 1 April, 1 July or 1 October.",
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
