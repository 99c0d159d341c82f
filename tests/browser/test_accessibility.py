"""Automated accessibility checks (axe-core) on every kind of page in the kit."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.helpers import AXE_OPTIONS, describe

pytestmark = pytest.mark.browser

# (what it is, path, expected HTTP status, a selector only that state of the page has).
# One of each page type, plus the states of the pages that change with the query string.
PAGES = [
    ("home page", "/", 200, ".app-card-list"),
    ("standard page", "/about/", 200, "main .govuk-body-l"),
    ("standard page: accessibility statement", "/accessibility/", 200, "main .govuk-body-l"),
    ("model overview", "/the-model/", 200, "main .govuk-body-l"),
    ("element page", "/the-model/motivational-interviewing/", 200, "#related"),
    ("element page: not a core element", "/the-model/group-case-supervision/", 200, "#what-it-is"),
    ("role index", "/roles/", 200, "main a[href^='/roles/']"),
    ("role page", "/roles/consultant-social-worker/", 200, ".govuk-summary-list"),
    ("story index", "/stories/", 200, "main a[href^='/stories/']"),
    ("story page", "/stories/marys-story/", 200, ".govuk-inset-text"),
    ("impact page", "/impact/", 200, "main .govuk-body-l"),
    ("methodology page", "/methodology/", 200, "#worked-example"),
    ("resource index", "/resources/", 200, ".app-resource"),
    (
        "resource index, filtered",
        "/resources/?audience=leader&stage=installation",
        200,
        "a:text-is('Clear filters')",
    ),
    (
        "resource index, no matches",
        "/resources/?audience=partner-agency&stage=exploration",
        200,
        "a:text-is('Clear the filters')",
    ),
    (
        "resource page with a document",
        "/resources/group-supervision-record/",
        200,
        "main a[href*='/documents/']",
    ),
    ("resource page", "/resources/readiness-checklist-for-leaders/", 200, "main .govuk-body-l"),
    ("search form", "/search/", 200, "#search-query"),
    ("search results", "/search/?q=motivational+interviewing", 200, ".app-search-result"),
    ("search, no results", "/search/?q=zzqqxxnothing", 200, "h2:text('No results for')"),
    ("404 page", "/this-page-does-not-exist/", 404, "h1:text-is('Page not found')"),
    ("login page", "/accounts/login/", 200, "#id_password"),
    ("privacy notice", "/privacy/", 200, "#how-long"),
    ("feedback form", "/feedback/?from=/about/", 200, ".govuk-character-count"),
    ("feedback sent", "/feedback/sent/?from=/about/", 200, ".govuk-panel--confirmation"),
    ("cookies page", "/cookies/", 200, "main .govuk-table"),
]


def test_every_page_type_has_no_axe_violations(page, site_content):
    axe = Axe()
    report = []
    for label, path, status, marker in PAGES:
        url = site_content + path
        response = page.goto(url)
        assert response is not None and response.status == status, (
            f"{label}: {url} answered {response and response.status}, expected {status}"
        )
        # Make sure the state meant to be scanned is the one on screen.
        assert page.locator("h1").count() == 1, f"{label}: {url} should have one <h1>"
        assert page.locator(marker).count() > 0, f"{label}: {url} has nothing matching {marker!r}"
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.response["passes"], f"{label}: axe ran no rules on {url}"
        report += describe(results.response["violations"], label, path)

    # A form with errors shows the error summary and error messages.
    page.goto(site_content + "/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible(), "login errors not shown"
    results = axe.run(page, options=AXE_OPTIONS)
    report += describe(
        results.response["violations"], "login page with errors", "/accounts/login/ (POST)"
    )

    # The feedback form refusing empty feedback, then feedback over its length (the character
    # count shows the excess as you type).
    page.goto(site_content + "/feedback/")
    page.get_by_role("button", name="Send feedback").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible(), "feedback errors not shown"
    page.locator("#id_text").fill("x" * 2001)
    page.wait_for_selector(".govuk-character-count__status.govuk-error-message")
    results = axe.run(page, options=AXE_OPTIONS)
    report += describe(
        results.response["violations"], "feedback form with errors", "/feedback/ (POST)"
    )

    assert not report, "axe found accessibility violations:\n" + "\n".join(report)


def test_axe_check_reports_violations(page):
    """The check above can fail: axe, run the same way, catches a known violation."""
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Bad</title></head>'
        '<body><main><h1>Bad</h1><img src="x.png"><a href="/"></a></main></body></html>'
    )
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert {"image-alt", "link-name"} <= {v["id"] for v in violations}
    assert describe(violations, "bad page", "about:blank")[0].startswith("- bad page")
