"""Two-factor authentication in a real browser, under the production setting: a council lead is
sent to set it up at sign-in, types the key shown into "their app" (the test computes the code
from it, as an app would), keeps the recovery codes, then signs in again with a code and with a
recovery code. Each page is checked with axe, with its errors shown, at 390 px for sideways
scrolling, and saved as screenshots at 390 and 1280 px (in pytest's tmp_path)."""

import base64
import time

import pytest
from django_otp.oath import TOTP

from tests.authorities.factories import PASSWORD
from tests.browser.helpers import h1_text, sign_in, sign_out, wait_for_error_summary_focus
from tests.browser.test_account_pages import Checks, submit

pytestmark = pytest.mark.browser


def code_from_key(key: str) -> str:
    """What an authenticator app shows for the key as typed from the page."""
    totp = TOTP(base64.b32decode(key.replace(" ", "")))
    totp.time = time.time()
    return f"{totp.token():06d}"


def screenshots(page, tmp_path, name: str) -> None:
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=tmp_path / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_lead_sets_up_two_factor_then_signs_in_with_a_code_and_a_recovery_code(
    page, site_content, settings, wb_lead, tmp_path
):
    settings.TWO_FACTOR_REQUIRED = True
    checks = Checks(page)
    sign_in(page, site_content, "wb-lead", PASSWORD, next_path="/home/")
    assert "/account/two-factor/set-up/" in page.url
    assert h1_text(page) == "Set up two-factor authentication"
    assert page.get_by_role("img", name="QR code").count() == 1
    checks.check("set up")
    screenshots(page, tmp_path, "set-up")

    submit(page, "Turn on two-factor authentication")
    wait_for_error_summary_focus(page)
    checks.check("set up, with errors")
    screenshots(page, tmp_path, "set-up-error")

    key = page.locator("#setup-key").inner_text()
    page.get_by_label("Enter the 6-digit code from your authenticator app").fill(code_from_key(key))
    submit(page, "Turn on two-factor authentication")
    assert h1_text(page) == "Two-factor authentication is on"
    codes = [" ".join(c.split()) for c in page.locator("#recovery-codes li").all_inner_texts()]
    assert len(codes) == 10
    checks.check("recovery codes")
    screenshots(page, tmp_path, "recovery-codes")
    with page.expect_navigation():
        page.get_by_role("link", name="I have saved my recovery codes").click()
    assert page.url.endswith("/home/")

    sign_out(page)
    sign_in(page, site_content, "wb-lead", PASSWORD, next_path="/home/")
    assert "/account/two-factor/verify/" in page.url
    assert h1_text(page) == "Enter the 6-digit code from your authenticator app"
    checks.check("verify")
    page.get_by_label("Enter the 6-digit code from your authenticator app").fill("000000")
    submit(page, "Continue")
    wait_for_error_summary_focus(page)
    checks.check("verify, with errors")
    screenshots(page, tmp_path, "verify-error")

    with page.expect_navigation():
        page.get_by_role("link", name="Use a recovery code instead").click()
    assert h1_text(page) == "Enter one of your recovery codes"
    checks.check("recovery code")
    page.get_by_label("Enter one of your recovery codes").fill(codes[0])
    submit(page, "Continue")
    assert page.url.endswith("/home/")
    assert "You have 9 recovery codes left" in page.locator("main").inner_text()

    page.goto(f"{site_content}/account/")
    assert page.get_by_text("9 unused").count() == 1
    checks.check("your account, two-factor on")
    screenshots(page, tmp_path, "your-account")
    checks.assert_clean()
