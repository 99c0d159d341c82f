"""How a page model maps to its file under content/ (read by the content loader).

A page model lists the front-matter keys it takes in ``content_fields``: plain model
field names, or an ``InlinePages`` for an ordered inline list of links to other pages.
``content_body`` names the StreamField that takes the Markdown body, or
``content_sections`` maps each required ``## Heading`` to the StreamField it fills.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class InlinePages:
    """An ordered inline relation whose rows each link to one page, given as content paths."""

    key: str  # the front-matter key
    relation: str  # the child relation's name on the page
    page_field: str = "page"
