"""Official statistics as imported from DfE's files.

Both models were first made in the outcomes app, and keep its tables (``db_table``), index and
constraint names: official_statistics' migration 0001 took them over without touching the data.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from official_statistics.choices import ImportSource, Level


class Observation(models.Model):
    """One figure of an official statistics file: a measure, for an area and period.

    Loaded by official_statistics.services.import_ees_file from an Explore Education Statistics
    open-data CSV. A suppressed figure keeps its symbol (c, x, z, u, low, ...) and has no value.
    """

    dataset = models.CharField(max_length=100, help_text="The file's stem unless named on import.")
    measure = models.CharField(max_length=100, help_text="The column the figure comes from.")
    filters = models.JSONField(
        default=dict, blank=True, help_text="The row's filter columns, {column: value}."
    )
    filter_key = models.CharField(
        max_length=500,
        blank=True,
        help_text='The filters as "column=value|column=value", sorted by column; empty if none.',
    )
    level = models.CharField(max_length=20, choices=Level.choices)
    area_code = models.CharField(
        max_length=50,
        help_text="ONS code: the authority's, the region's or the country's (joint: A / B).",
    )
    dfe_number = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        verbose_name="DfE number",
        help_text="old_la_code, for authorities (none if joint).",
    )
    area_name = models.CharField(max_length=200)
    period = models.CharField(
        max_length=10, help_text='time_period as published: "2025", "202425".'
    )
    time_identifier = models.CharField(max_length=50)
    value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    symbol = models.CharField(
        max_length=10, blank=True, help_text="The suppression symbol where there is no value."
    )

    class Meta:
        db_table = "outcomes_observation"
        ordering = ["dataset", "measure", "filter_key", "area_code", "period"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    (models.Q(value__isnull=False) & models.Q(symbol=""))
                    | (models.Q(value__isnull=True) & ~models.Q(symbol=""))
                ),
                name="observation_value_or_symbol",
            ),
            models.UniqueConstraint(
                fields=[
                    "dataset",
                    "measure",
                    "filter_key",
                    "area_code",
                    "period",
                    "time_identifier",
                ],
                name="one_observation_per_area_and_period",
            ),
        ]
        indexes = [
            models.Index(
                fields=["dataset", "measure", "area_code", "period"], name="observation_series"
            )
        ]

    def __str__(self) -> str:
        figure = self.symbol if self.value is None else self.value
        return f"{self.dataset} {self.measure} {self.area_code} {self.period}: {figure}"


class StatisticalNeighbour(models.Model):
    """One of an authority's ten statistical neighbours in a DfE model year, closest first."""

    model_year = models.PositiveSmallIntegerField(help_text="2021 or 2025: the DfE model.")
    dfe_number = models.PositiveSmallIntegerField(verbose_name="DfE number")
    area_name = models.CharField(max_length=200)
    rank = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    neighbour_dfe_number = models.PositiveSmallIntegerField(verbose_name="neighbour's DfE number")
    neighbour_name = models.CharField(max_length=200, blank=True)
    closeness = models.CharField(
        max_length=50, blank=True, help_text='As published, e.g. "Very close", "Somewhat close".'
    )

    class Meta:
        db_table = "outcomes_statisticalneighbour"
        ordering = ["model_year", "dfe_number", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["model_year", "dfe_number", "rank"], name="one_neighbour_per_rank"
            ),
            models.CheckConstraint(
                condition=models.Q(rank__gte=1, rank__lte=10), name="neighbour_rank_1_to_10"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.area_name} ({self.model_year}) #{self.rank}: "
            f"{self.neighbour_name or self.neighbour_dfe_number}"
        )


class StatisticsImport(models.Model):
    """The audit trail of official statistics: one record per file imported (by the upload page
    or a command), with the file's SHA-256 and what it changed in its dataset. Written by
    official_statistics.services, never edited. Its permission, manage_statistics, is what lets
    someone import (official_statistics.permissions)."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    source = models.CharField(max_length=20, choices=ImportSource.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who uploaded the file; empty for the command line.",
    )
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    dataset = models.CharField(
        max_length=100, help_text="The EES dataset, or the statistical-neighbour model year."
    )
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        default_permissions = ()
        permissions = [("manage_statistics", "Can import official statistics")]
        verbose_name = "official statistics import"

    def __str__(self) -> str:
        return f"{self.file_name} into {self.dataset} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def sha256_parts(self) -> list[str]:
        """The checksum in four parts, for a page to break between on a narrow screen."""
        return [self.sha256[start : start + 16] for start in range(0, len(self.sha256), 16)]
