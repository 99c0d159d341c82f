"""What every download of council data shares: cells a spreadsheet will not run, column
headings people read with a data dictionary machines map them by, and HTTP headers."""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.cache import patch_cache_control

# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A CSV cell as text a spreadsheet will not run: a formula is neutralised with a quote."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    """A column of a download: the heading people read, the name scripts rely on (stable, as
    in the API), and what it holds."""

    heading: str
    name: str
    meaning: str


DICTIONARY_HEADER = ["Heading", "Machine name", "Meaning"]


def dictionary_rows(columns: Iterable[Column]) -> list[list[str]]:
    """The data dictionary: one row per column, under DICTIONARY_HEADER."""
    return [[column.heading, column.name, column.meaning] for column in columns]


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads accents and dashes; every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def attachment(content: bytes | str, *, content_type: str, filename: str) -> HttpResponse:
    """A file to save, never kept by a shared cache or the browser's."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, no_store=True)
    return response
