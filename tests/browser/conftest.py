"""Shared set-up for the Playwright browser tests.

The tests drive Debian's Chromium (never a Playwright-downloaded browser). When it is
missing the browser tests are skipped, unless BROWSER_TESTS_REQUIRED=1 (set in CI), in
which case they fail so a broken CI image cannot pass silently.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model

import pytest

from authorities.choices import MembershipRole
from authorities.models import Authority, Membership
from fidelity.framework_file import FRAMEWORK_FILE, read_framework, save_framework
from fidelity.models import FrameworkVersion

CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium_problem() -> str | None:
    """Why Chromium cannot be used, or None when it can."""
    if not os.path.exists(CHROMIUM_PATH):
        return f"Chromium not found at {CHROMIUM_PATH}"
    if not os.access(CHROMIUM_PATH, os.X_OK):
        return f"Chromium at {CHROMIUM_PATH} is not executable"
    return None


@pytest.fixture(scope="session", autouse=True)
def _require_chromium(request: pytest.FixtureRequest) -> None:
    """The one place that skips (or, in CI, fails) the browser tests without Chromium.

    Autouse and session-scoped, so it runs before pytest-playwright launches a browser
    for any test in this folder.
    """
    problem = _chromium_problem()
    if problem is None:
        return
    if os.environ.get("BROWSER_TESTS_REQUIRED") == "1":
        pytest.fail(
            f"{problem}, and BROWSER_TESTS_REQUIRED=1 says the browser tests must run. "
            "Install Debian's chromium package in this environment.",
            pytrace=False,
        )
    pytest.skip(f"{problem}: browser tests skipped (set BROWSER_TESTS_REQUIRED=1 to fail instead)")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict, _require_chromium: None) -> dict:
    """pytest-playwright's launch options (--headed, --slowmo, ...) plus Debian's Chromium."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM_PATH, "args": CHROMIUM_ARGS}


@pytest.fixture
def site_content(transactional_db, loaded_content, live_server):
    """The real content, published and served by a live server. Returns the base URL.

    Browser tests need the transactional database: the live server runs in another
    thread and must see committed data.
    """
    return live_server.url


@pytest.fixture
def page(page):
    """pytest-playwright's page, failing fast instead of waiting 30 s on a broken step."""
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(15_000)
    return page


# The fidelity self-assessment: the real framework and a council with its lead, in the live
# server's database (as tests/fidelity/conftest.py builds them for the unit tests).
FIDELITY_PASSWORD = "not-a-real-password"


@pytest.fixture
def fidelity_framework(site_content):
    document, problems = read_framework(settings.CONTENT_DIR / FRAMEWORK_FILE)
    assert not problems, problems
    save_framework(document)
    return FrameworkVersion.objects.get(is_current=True)


@pytest.fixture
def council(site_content):
    return Authority.objects.create(
        name="West Berkshire", ons_code="E06000037", dfe_number=869, region="South East"
    )


@pytest.fixture
def council_lead(council):
    """A lead of ``council``; signs in with FIDELITY_PASSWORD."""
    user = get_user_model().objects.create_user(
        username="wb-lead", password=FIDELITY_PASSWORD, first_name="Wendy"
    )
    Membership.objects.create(user=user, authority=council, role=MembershipRole.LEAD)
    return user
