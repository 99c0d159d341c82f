from django import template

from official_statistics.measures import CatalogueError
from official_statistics.measures import measure_catalogue as catalogue_in_force
from official_statistics.selectors import format_value

register = template.Library()

# DfE's suppression symbols (see the data's README).
SYMBOL_MEANINGS = {
    "c": "confidential",
    "x": "not available",
    "z": "not applicable",
    "u": "low reliability",
    "low": "a small positive number rounded away",
}
BAND_TAG_CLASSES = {
    "A": "govuk-tag--green",
    "B": "govuk-tag--turquoise",
    "C": "govuk-tag--yellow",
    "D": "govuk-tag--red",
}


@register.filter
def plain_number(value) -> str:
    return format_value(value)


@register.filter
def symbol_meaning(symbol: str) -> str:
    return SYMBOL_MEANINGS.get(symbol, "suppressed")


@register.filter
def band_tag_class(band: str) -> str:
    return BAND_TAG_CLASSES.get(band, "govuk-tag--grey")


@register.simple_tag
def measure_catalogue():
    """The catalogue, or None where the file is broken (the system check reports why)."""
    try:
        return catalogue_in_force()
    except CatalogueError:
        return None
