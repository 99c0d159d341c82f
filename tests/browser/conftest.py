"""Shared set-up for the Playwright browser tests.

The tests drive Debian's Chromium (never a Playwright-downloaded browser). When it is
missing the browser tests are skipped, unless BROWSER_TESTS_REQUIRED=1 (set in CI), in
which case they fail so a broken CI image cannot pass silently.
"""

import os
import threading

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.testcases import LiveServerThread

import pytest

from authorities.choices import MembershipRole
from tests.authorities.factories import MembershipFactory, UserFactory, register_council

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


class _SharedConnection:
    """The test's connection as the server's threads see it: theirs to use, never to close.

    Django closes a request's connections when it ends; closing this one would end the test's
    transaction (or, on SQLite, pull the connection from under the test's own thread).
    """

    def __init__(self, connection):
        object.__setattr__(self, "_connection", connection)

    def __getattr__(self, name):
        return getattr(self._connection, name)

    def __setattr__(self, name, value):
        setattr(self._connection, name, value)

    def close(self) -> None:
        pass

    def close_if_unusable_or_obsolete(self) -> None:
        pass


def _one_at_a_time(app):
    """The WSGI app, answering one request at a time: the one connection is never shared by
    two requests at once."""
    lock = threading.Lock()

    def application(environ, start_response):
        with lock:
            response = app(environ, start_response)
            try:
                body = b"".join(response)
            finally:
                if hasattr(response, "close"):
                    response.close()
        return [body]

    return application


class _SharedConnectionServer(LiveServerThread):
    """Django's live server, answering from the test's own database connection, inside the
    test's transaction (rolled back afterwards, as in every other test). Browser tests so need
    no flush and no reload of the content."""

    def _create_server(self, connections_override=None):
        server = super()._create_server(connections_override=connections_override)
        set_app = server.set_app
        server.set_app = lambda app: set_app(_one_at_a_time(app))
        return server


@pytest.fixture(scope="session")
def _live_server(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        connection = connections[DEFAULT_DB_ALIAS]
        connection.inc_thread_sharing()
        server = _SharedConnectionServer(
            "localhost",
            StaticFilesHandler,
            connections_override={DEFAULT_DB_ALIAS: _SharedConnection(connection)},
        )
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        yield f"http://localhost:{server.port}"
        server.terminate()
        connection.dec_thread_sharing()


@pytest.fixture
def site_content(db, loaded_content, _live_server):
    """The real content, served to the browser by a live server that shares this test's
    database connection and transaction. Returns the base URL."""
    return _live_server


@pytest.fixture
def page(page):
    """pytest-playwright's page, failing fast instead of waiting 30 s on a broken step."""
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(15_000)
    return page


# The fidelity self-assessment: a council with its lead, as the unit tests' fixtures build them.


@pytest.fixture
def fidelity_framework(site_content, framework):
    return framework


@pytest.fixture
def council(site_content):
    return register_council("E06000037")


@pytest.fixture
def council_lead(council):
    """A lead of ``council``; signs in with the test users' password (PASSWORD)."""
    user = UserFactory(username="wb-lead", first_name="Wendy")
    MembershipFactory(user=user, authority=council, role=MembershipRole.LEAD)
    return user
