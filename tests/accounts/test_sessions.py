"""Sessions last at most 12 hours after signing in and end after 2 hours idle (core.session_limits);
a password change signs the person out everywhere else and keeps this session."""

import re
import time

from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

import pytest

from core.session_limits import LAST_ACTIVE_AT, SIGNED_IN_AT
from tests.authorities.factories import PASSWORD, UserFactory

NEW_PASSWORD = "a-long-and-unusual-passphrase"
HOUR = 60 * 60


def signed_in(user) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def shift_session(client: Client, **seconds_ago: float) -> None:
    """Move the session's clocks back, as if that much time had passed."""
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = time.time() - ago
    session.save()


def test_signing_in_records_when_in_the_session(wb_lead):
    client = signed_in(wb_lead)
    assert abs(client.session[SIGNED_IN_AT] - time.time()) < 60
    assert client.session[LAST_ACTIVE_AT] == client.session[SIGNED_IN_AT]


def test_two_hours_idle_signs_out_with_a_message(wb_lead):
    client = signed_in(wb_lead)
    shift_session(client, **{LAST_ACTIVE_AT: 2 * HOUR + 60})
    response = client.get(reverse("accounts:your_account"))
    assert response.status_code == 302
    assert response.url == f"{settings.LOGIN_URL}?next=%2Faccount%2F"
    page = client.get(response.url).content.decode()
    assert "You have been signed out because you have not used the service for 2 hours." in page
    assert "_auth_user_id" not in client.session


def test_using_the_service_keeps_the_session_going(wb_lead):
    client = signed_in(wb_lead)
    shift_session(client, **{LAST_ACTIVE_AT: 2 * HOUR - 60})
    assert client.get(reverse("accounts:your_account")).status_code == 200
    assert time.time() - client.session[LAST_ACTIVE_AT] < 60  # written again: older than a minute
    shift_session(client, **{LAST_ACTIVE_AT: 2 * HOUR - 60})
    assert client.get(reverse("accounts:your_account")).status_code == 200


def test_last_activity_is_written_at_most_once_a_minute(wb_lead):
    client = signed_in(wb_lead)
    shift_session(client, **{LAST_ACTIVE_AT: 30})
    before = client.session[LAST_ACTIVE_AT]
    client.get(reverse("accounts:your_account"))
    assert client.session[LAST_ACTIVE_AT] == before


def test_twelve_hours_after_signing_in_the_session_ends_however_busy(wb_lead):
    client = signed_in(wb_lead)
    shift_session(client, **{SIGNED_IN_AT: 12 * HOUR + 60, LAST_ACTIVE_AT: 60})
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302 and response.url.startswith(settings.LOGIN_URL)
    page = client.get(response.url).content.decode()
    assert "You have been signed out because you signed in more than 12 hours ago." in page


def test_the_admin_is_covered_too(db):
    editor = UserFactory(username="an-editor", is_superuser=True)
    client = signed_in(editor)
    assert client.get("/admin/").status_code == 200
    shift_session(client, **{LAST_ACTIVE_AT: 3 * HOUR})
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith(settings.LOGIN_URL)


def test_the_session_cookie_lasts_as_long_as_the_longest_session(wb_lead):
    client = signed_in(wb_lead)
    assert int(client.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == 12 * HOUR


@pytest.fixture
def two_sessions(wb_lead):
    return signed_in(wb_lead), signed_in(wb_lead)


def test_changing_the_password_signs_out_the_other_sessions_only(two_sessions):
    this, other = two_sessions
    changed = this.post(
        reverse("accounts:change_password"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert this.get(reverse("accounts:home")).status_code == 200
    assert other.get(reverse("accounts:home")).status_code == 302


def test_a_password_reset_signs_out_every_session(
    two_sessions, wb_lead, client, django_capture_on_commit_callbacks
):
    first, second = two_sessions
    wb_lead.email = "lead@example.gov.uk"
    wb_lead.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "lead@example.gov.uk"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert first.get(reverse("accounts:home")).status_code == 302
    assert second.get(reverse("accounts:home")).status_code == 302
