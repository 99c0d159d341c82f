from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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
def figure_cell(figure) -> str:
    """A table cell's figure: the number, DfE's symbol explained, or a dash with why there is
    none. A filter rather than an included template: the outcome tables have hundreds of cells."""
    if figure is None:
        return mark_safe(
            '<span aria-hidden="true">–</span><span class="govuk-visually-hidden">No figure</span>'
        )
    if figure.value is not None:
        return format_html("{}", figure.shown)
    if figure.symbol:
        return format_html(
            '<abbr title="{}">{}</abbr>', symbol_meaning(figure.symbol), figure.symbol
        )
    return format_html(
        '<span title="{}">–</span><span class="govuk-visually-hidden"> ({})</span>',
        figure.note,
        figure.note,
    )


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
