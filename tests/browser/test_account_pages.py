"""Accounts in a real browser: invite, accept, manage the team, reset a password, the home page.

Each page shape is checked with axe, with its errors shown where it has a form, and at 390 px
wide for sideways scrolling. Email goes out after commit, which never comes inside a test's
transaction, so links are taken from the services and the token generator instead.
"""

import datetime

from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

import pytest
from axe_playwright_python.sync_playwright import Axe

from accounts import services
from authorities.choices import MembershipRole
from authorities.models import Membership
from cohorts.models import Cohort, CohortRound
from tests.authorities.factories import PASSWORD, member
from tests.browser.helpers import (
    AXE_OPTIONS,
    describe,
    h1_text,
    sign_in,
    wait_for_error_summary_focus,
)

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a-long-and-unusual-passphrase"


def submit(page, button: str) -> None:
    """Press a form's button and wait for the page it answers with."""
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


class Checks:
    """axe and the 390 px width, page after page; every problem is reported at the end."""

    def __init__(self, page):
        self.page = page
        self.axe = Axe()
        self.report: list[str] = []

    def check(self, label: str) -> None:
        results = self.axe.run(self.page, options=AXE_OPTIONS)
        assert results.response["passes"], f"{label}: axe ran no rules"
        self.report += describe(results.response["violations"], label, self.page.url)
        self.page.set_viewport_size({"width": 390, "height": 844})
        width = self.page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            self.report.append(f"- {label}: {width} px wide at 390 px")
        self.page.set_viewport_size({"width": 1280, "height": 900})

    def assert_clean(self) -> None:
        assert not self.report, "problems found:\n" + "\n".join(self.report)


def test_a_lead_invites_a_member_who_joins_and_is_then_managed(
    page, site_content, council, council_lead
):
    checks = Checks(page)
    sign_in(page, site_content, "wb-lead", PASSWORD, next_path="/home/")
    assert h1_text(page) == "Your home"
    checks.check("home (council lead)")

    page.get_by_role("link", name="Manage the team").first.click()
    assert h1_text(page) == "Team"
    checks.check("team")
    page.get_by_role("link", name="Invite someone").click()
    submit(page, "Send invitation")
    wait_for_error_summary_focus(page)
    checks.check("invite, with errors")
    page.get_by_label("Email address").fill("new.member@example.gov.uk")
    page.get_by_label("Contributor").check()
    submit(page, "Send invitation")
    assert "An invitation has been sent to new.member@example.gov.uk" in page.content()
    assert "new.member@example.gov.uk, as contributor" in page.content()

    # The invitee opens the link in a fresh browser context (signed out).
    _invitation, token = services.invite_to_council(
        user=council_lead, authority=council, email="second@example.gov.uk", role="contributor"
    )
    page.context.clear_cookies()
    page.goto(f"{site_content}/invitations/{token}/")
    assert h1_text(page) == "Accept your invitation"
    submit(page, "Create account and accept")
    wait_for_error_summary_focus(page)
    checks.check("accept invitation, with errors")
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Second")
    page.get_by_label("Choose a password").fill(NEW_PASSWORD)
    page.get_by_label("Confirm your password").fill(NEW_PASSWORD)
    submit(page, "Create account and accept")
    assert h1_text(page) == "Your home"
    assert "You have joined West Berkshire as contributor" in page.content()

    page.goto(f"{site_content}/invitations/{token}/")
    assert h1_text(page) == "This invitation cannot be used"
    checks.check("invitation already used")

    # Back as the lead: change the new member's role, then remove them.
    page.context.clear_cookies()
    sign_in(
        page, site_content, "wb-lead", PASSWORD, next_path=f"/councils/{council.ons_code}/team/"
    )
    page.get_by_role("link", name="Change role of Sam Second").click()
    checks.check("change role")
    page.get_by_label("Lead").check()
    submit(page, "Save role")
    assert "Sam Second is now a lead" in page.content()
    page.get_by_role("link", name="Remove Sam Second").click()
    checks.check("remove a member")
    submit(page, "Remove from the team")
    assert "Sam Second has been removed from West Berkshire" in page.content()
    assert not Membership.objects.filter(user__first_name="Sam").exists()
    checks.assert_clean()


def test_account_and_password_pages(page, site_content, council, council_lead):
    checks = Checks(page)
    council_lead.email = "lead@example.gov.uk"
    council_lead.save()
    sign_in(page, site_content, "wb-lead", PASSWORD, next_path="/account/")
    assert h1_text(page) == "Your account"
    checks.check("your account")
    page.get_by_role("link", name="Change your password").click()
    submit(page, "Change password")
    wait_for_error_summary_focus(page)
    checks.check("change password, with errors")

    page.context.clear_cookies()
    page.goto(f"{site_content}/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    assert h1_text(page) == "Reset your password"
    submit(page, "Send the link")
    wait_for_error_summary_focus(page)
    checks.check("reset request, with errors")
    page.get_by_label("Email address").fill("lead@example.gov.uk")
    submit(page, "Send the link")
    assert h1_text(page) == "Check your email"
    checks.check("reset link sent")

    council_lead.refresh_from_db()  # signing in changed last_login, which the token covers
    uid = urlsafe_base64_encode(force_bytes(council_lead.pk))
    token = default_token_generator.make_token(council_lead)
    page.goto(f"{site_content}/accounts/reset/{uid}/{token}/")
    assert h1_text(page) == "Choose a new password"
    submit(page, "Save new password")
    wait_for_error_summary_focus(page)
    checks.check("new password, with errors")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    submit(page, "Save new password")
    assert h1_text(page) == "Your password has been changed"
    checks.check("password changed")
    page.goto(f"{site_content}/accounts/reset/{uid}/{token}/")
    assert h1_text(page) == "This link cannot be used"
    checks.check("reset link already used")
    checks.assert_clean()


def test_the_reviewer_home(page, site_content, council, council_lead):
    checks = Checks(page)
    reviewer = member("rev-home", council, MembershipRole.CONTRIBUTOR)
    Membership.objects.filter(user=reviewer).delete()
    cohort = Cohort.objects.create(
        name="Browser cohort", programme="Programme", start_date=datetime.date(2017, 4, 1)
    )
    cohort.councils.add(council)
    cohort.reviewers.add(reviewer)
    CohortRound.objects.create(
        cohort=cohort, round=0, due_date=timezone.localdate() - datetime.timedelta(days=2)
    )
    sign_in(page, site_content, "rev-home", PASSWORD, next_path="/home/")
    assert "Your cohort: Browser cohort" in page.content()
    assert "West Berkshire: baseline round" in page.content()
    checks.check("home (reviewer)")
    checks.assert_clean()


def test_the_locked_out_page(page, site_content, council, council_lead):
    checks = Checks(page)
    for _ in range(5):
        page.goto(f"{site_content}/accounts/login/")
        page.locator("#id_username").fill(council_lead.username)
        page.locator("#id_password").fill("wrong-guess")
        submit(page, "Sign in")
    assert h1_text(page) == "Too many attempts to sign in"
    assert "You can try again after" in page.locator("main").inner_text()
    checks.check("locked out")
    checks.assert_clean()
