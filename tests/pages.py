"""Checks any page test can make of what a page holds."""

import re

# Django prints a {# #} comment that spans lines, and any tag or variable it could not parse.
TEMPLATE_SYNTAX = re.compile(r"\{#|#\}|\{%|%\}|\{\{|\}\}")


def assert_no_template_syntax(response) -> None:
    """No template comment, tag or variable reached the page."""
    if "text/html" not in response.get("Content-Type", ""):
        return
    html = response.content.decode()
    found = TEMPLATE_SYNTAX.search(html)
    assert found is None, (
        f"template syntax on the page: {html[found.start() - 60 : found.end() + 60]!r}"
    )
