"""Reads of official statistics."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet

from official_statistics.models import Observation, StatisticsImport


class SeriesError(Exception):
    """The request does not pick out one series: the message says why and what there is."""


def format_value(value: Decimal | None) -> str:
    """A stored value as a plain number without trailing zeros: 5848, 22.6, 0.25; "" if none."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def describe_filters(filters: dict[str, str]) -> str:
    return " ".join(f"{column}={value}" for column, value in sorted(filters.items())) or "(none)"


def observation_series(
    *,
    dataset: str,
    measure: str,
    area_code: str | None = None,
    filters: dict[str, str] | None = None,
) -> QuerySet[Observation]:
    """The observations of one measure, ordered by area code then period.

    ``filters`` narrow the measure to one combination of filter values; they may be left out
    when the measure has only one. Raises SeriesError naming what exists when the dataset,
    measure, filter or area is unknown, or when more than one combination is left.
    """
    filters = filters or {}
    in_dataset = Observation.objects.filter(dataset=dataset)
    observations = in_dataset.filter(measure=measure)
    if not observations.exists():
        if not in_dataset.exists():
            datasets = (
                Observation.objects.order_by("dataset").values_list("dataset", flat=True).distinct()
            )
            raise SeriesError(
                f'no dataset "{dataset}"; datasets: ' + (", ".join(datasets) or "none imported")
            )
        measures = in_dataset.order_by("measure").values_list("measure", flat=True).distinct()
        raise SeriesError(
            f'dataset "{dataset}" has no measure "{measure}"; measures: ' + ", ".join(measures)
        )

    combinations = dict(
        observations.order_by("filter_key").values_list("filter_key", "filters").distinct()
    )
    columns = {column for values in combinations.values() for column in values}
    unknown = sorted(set(filters) - columns)
    if unknown:
        raise SeriesError(
            "unknown filter column "
            + ", ".join(unknown)
            + "; this measure's filter columns: "
            + (", ".join(sorted(columns)) or "none")
        )
    matching = [
        key
        for key, values in combinations.items()
        if all(values.get(column) == value for column, value in filters.items())
    ]
    if not matching:
        raise SeriesError(
            f"no observations of {measure} with {describe_filters(filters)}; combinations:\n"
            + "\n".join(f"  {describe_filters(combinations[key])}" for key in combinations)
        )
    if len(matching) > 1:
        raise SeriesError(
            f"{measure} has {len(matching)} combinations of filter values; choose one with "
            "--filter column=value:\n"
            + "\n".join(f"  {describe_filters(combinations[key])}" for key in matching)
        )

    series = observations.filter(filter_key=matching[0])
    if area_code:
        series = series.filter(area_code=area_code)
        if not series.exists():
            raise SeriesError(f"no observations of {measure} for area {area_code}")
    return series.order_by("area_code", "period", "time_identifier")


def recent_imports(*, limit: int = 20) -> list[StatisticsImport]:
    """The latest imports, newest first, with who made them: the statistics audit trail."""
    return list(StatisticsImport.objects.select_related("user")[:limit])
