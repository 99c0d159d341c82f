"""Giving feedback with a keyboard, from the phase banner of the page you are on and back."""

import pytest

from core.models import Feedback
from tests.browser.helpers import (
    h1_text,
    tab_to,
    tab_to_and_follow,
    wait_for_error_summary_focus,
)

pytestmark = pytest.mark.browser


def test_feedback_from_the_phase_banner_by_keyboard(page, site_content):
    page.goto(site_content + "/about/")
    tab_to_and_follow(page, "Tell us what you think")
    assert h1_text(page) == "Give feedback"

    # Sending nothing: the error summary takes focus and links to the box.
    tab_to(page, "Send feedback")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    wait_for_error_summary_focus(page)
    tab_to(page, "Enter your feedback")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_text"

    # The character count counts down as you type.
    page.keyboard.type("The milestone page was easy to follow.")
    page.wait_for_selector(".govuk-character-count__status:text('1,962 characters remaining')")
    tab_to(page, "Email address (optional)")
    page.keyboard.type("lead@council.example")
    tab_to(page, "Send feedback")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert h1_text(page) == "Feedback sent"

    feedback = Feedback.objects.get()
    assert (feedback.text, feedback.email, feedback.page) == (
        "The milestone page was easy to follow.",
        "lead@council.example",
        "/about/",
    )
    tab_to_and_follow(page, "Go back to the page you were on")
    assert page.url == site_content + "/about/"
