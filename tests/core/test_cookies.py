"""The cookies page names every cookie the site sets, from the settings in force, and the
footer links to it and to the privacy notice."""

import re

from django.conf import settings
from django.test import override_settings
from django.urls import reverse

import pytest

from core.cookies import essential_cookies, lifetime
from tests.authorities.factories import PASSWORD
from tests.pages import assert_no_template_syntax

pytestmark = pytest.mark.django_db


def cookie_rows(html: str) -> dict[str, str]:
    """Each row of the cookies table: name -> expiry."""
    return dict(
        re.findall(
            r'<th scope="row" class="govuk-table__header"><code>([^<]+)</code></th>\s*'
            r'<td class="govuk-table__cell">[^<]+</td>\s*<td class="govuk-table__cell">([^<]+)</td>',
            html,
        )
    )


def test_the_cookies_page_names_the_session_and_csrf_cookies_with_their_expiry(
    client, loaded_content
):
    response = client.get("/cookies/")
    assert response.status_code == 200
    html = response.content.decode()
    assert cookie_rows(html) == {"sessionid": "12 hours", "csrftoken": "52 weeks"}
    assert "shows no cookie banner" in html
    assert 'href="/privacy/"' in html
    assert_no_template_syntax(response)


@override_settings(
    SESSION_COOKIE_NAME="kit_session",
    SESSION_COOKIE_AGE=8 * 3600,
    CSRF_COOKIE_NAME="kit_csrf",
    CSRF_COOKIE_AGE=None,
)
def test_the_names_and_expiry_come_from_the_settings(client, loaded_content):
    html = client.get("/cookies/").content.decode()
    assert cookie_rows(html) == {
        "kit_session": "8 hours",
        "kit_csrf": "When you close your browser",
    }


@override_settings(SESSION_EXPIRE_AT_BROWSER_CLOSE=True, CSRF_USE_SESSIONS=True)
def test_a_csrf_token_kept_in_the_session_sets_no_csrf_cookie():
    assert [(c.name, c.expires) for c in essential_cookies()] == [
        (settings.SESSION_COOKIE_NAME, "When you close your browser")
    ]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (1_209_600, "2 weeks"),
        (31_449_600, "52 weeks"),
        (86_400, "1 day"),
        (5_400, "90 minutes"),
        (3_600, "1 hour"),
        (45, "45 seconds"),
    ],
)
def test_lifetimes_read_in_the_largest_whole_unit(seconds, text):
    assert lifetime(seconds) == text


def test_the_site_sets_no_cookie_the_page_does_not_name(client, loaded_content, draft, wb_lead):
    named = {cookie.name for cookie in essential_cookies()}
    # Sign in through the form, get a message ("Results are shown once ..."), send feedback.
    client.get("/accounts/login/")
    client.post("/accounts/login/", {"username": wb_lead.username, "password": PASSWORD})
    response = client.get(reverse("fidelity:results", kwargs={"pk": draft.pk}), follow=True)
    assert "Results are shown once the assessment has been submitted" in (response.content.decode())
    client.get("/feedback/")
    client.post("/feedback/", {"text": "Clear enough."})
    assert set(client.cookies) == named


def test_the_footer_links_to_the_privacy_notice_and_the_cookies_page(client, loaded_content):
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="govuk-footer">') :]
    assert '<a class="govuk-footer__link" href="/privacy/">Privacy notice</a>' in footer
    assert '<a class="govuk-footer__link" href="/cookies/">Cookies</a>' in footer
