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


# What people read (tags and their attributes left out): dates as GOV.UK writes them.
TAG = re.compile(r"<[^>]*>")
MACHINE_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b(?!am|pm)|\b[ap]\.m\.")


def assert_no_machine_dates(html: str) -> None:
    """No ISO date, 24-hour time or 'a.m.'/'p.m.' in the page's text."""
    text = TAG.sub(" ", html)
    found = MACHINE_DATE.search(text)
    assert found is None, (
        f"a date not in GOV.UK style: {text[found.start() - 60 : found.end() + 60]!r}"
    )


def assert_not_cached(response) -> None:
    """Neither a browser nor a shared cache may keep the response (`private, no-store`)."""
    directives = {d.strip().split("=")[0] for d in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, (
        f"{response.status_code} with Cache-Control {response.get('Cache-Control')!r}"
    )
