import csv
import io
import json
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from official_statistics.selectors import SeriesError, format_value, observation_series

HEADER = ["period", "area_code", "area_name", "value", "symbol"]


def parse_filter(text: str) -> tuple[str, str]:
    column, equals, value = text.partition("=")
    if not equals or not column.strip():
        raise CommandError(f'--filter "{text}": expected column=value', returncode=1)
    return column.strip(), value.strip()


def json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


class Command(BaseCommand):
    help = (
        "Print one measure of an imported dataset (period, area_code, area_name, value, "
        "symbol), ordered by area code then period. A measure with more than one combination "
        "of filter values needs --filter column=value for each filter that varies."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dataset", required=True, help="the dataset's name")
        parser.add_argument("--measure", required=True, help="the measure's column name")
        parser.add_argument("--area", help="one area's ONS code (E10000015)")
        parser.add_argument(
            "--format", dest="output_format", choices=["csv", "json"], default="csv"
        )
        parser.add_argument(
            "--filter",
            dest="filters",
            action="append",
            default=[],
            metavar="COLUMN=VALUE",
            help="a filter value (repeat for several)",
        )

    def handle(self, *args, dataset, measure, area, output_format, filters, **options):
        filters = dict(parse_filter(text) for text in filters)
        try:
            series = observation_series(
                dataset=dataset, measure=measure, area_code=area, filters=filters
            )
        except SeriesError as error:
            raise CommandError(str(error), returncode=1) from error
        rows = series.values_list("period", "area_code", "area_name", "value", "symbol")
        if output_format == "json":
            records = [
                {
                    "period": period,
                    "area_code": area_code,
                    "area_name": area_name,
                    "value": json_number(value),
                    "symbol": symbol or None,
                }
                for period, area_code, area_name, value, symbol in rows
            ]
            self.stdout.write(json.dumps(records, indent=2))
            return
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(HEADER)
        for period, area_code, area_name, value, symbol in rows:
            writer.writerow([period, area_code, area_name, format_value(value), symbol])
        self.stdout.write(buffer.getvalue(), ending="")
