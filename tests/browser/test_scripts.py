"""The site's scripts start under its Content Security Policy, which allows no inline script."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_govuk_frontend_starts_with_no_policy_violation(new_context, site_content):
    page = new_context(viewport={"width": 390, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    problems = []
    page.on("console", lambda message: problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(site_content + "/")
    classes = page.evaluate("document.body.className").split()
    assert "js-enabled" in classes and "govuk-frontend-supported" in classes
    # initAll() has run: the service navigation's menu button, hidden in the HTML, is shown.
    expect(
        page.locator("#navigation").locator("xpath=..").get_by_role("button", name="Menu")
    ).to_be_visible()
    assert not [text for text in problems if "Content Security Policy" in text or "Error" in text]
