"""What every download of council data shares: cells a spreadsheet will not run, and headers."""

import datetime

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


def attachment(content: bytes | str, *, content_type: str, filename: str) -> HttpResponse:
    """A file to save, never kept by a shared cache or the browser's."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, no_store=True)
    return response
