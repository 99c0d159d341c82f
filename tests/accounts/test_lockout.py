"""Password guessing is locked out (django-axes, core.lockout): per username and per address, on
the site's sign-in, the admin's and the current password of "Change your password"; the lock
ends by itself after its cool-off, on a password reset, or by the programme team's command."""

import datetime
import re
from io import StringIO

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from core.lockout import client_ip_address, expired_attempts
from tests.authorities.factories import PASSWORD, UserFactory

SITE_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
NEW_PASSWORD = "a-long-and-unusual-passphrase"
LOCKED = "Too many attempts to sign in"


def main_text(response) -> str:
    """The page's main content, with the moment it names (a few seconds apart) left out."""
    main = re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)
    return re.sub(r"<time [^>]*>[^<]*</time>", "<time>", main)


def sign_in(client, url, username, password, address="192.0.2.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def guess(client, url, username, times=settings.AXES_FAILURE_LIMIT, address="192.0.2.1"):
    return [sign_in(client, url, username, "wrong-guess", address) for _ in range(times)]


@pytest.fixture
def person(db):
    return UserFactory(username="person", email="person@example.gov.uk")


@pytest.fixture
def editor(db):
    return UserFactory(username="an-editor", is_superuser=True)


@pytest.mark.parametrize(("url", "username"), [(SITE_LOGIN, "person"), (ADMIN_LOGIN, "an-editor")])
def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(
    client, person, editor, url, username
):
    *before, fifth = guess(client, url, username)
    assert all(response.status_code == 200 for response in before)  # told it was wrong
    assert fifth.status_code == 429 and LOCKED in fifth.content.decode()
    right = sign_in(client, url, username, PASSWORD)
    page = right.content.decode()
    assert right.status_code == 429
    assert LOCKED in page and "You can try again after" in page
    assert int(right["Retry-After"]) <= 15 * 60
    assert "_auth_user_id" not in client.session


def test_the_page_says_when_to_try_again(client, person):
    guess(client, SITE_LOGIN, "person")
    page = sign_in(client, SITE_LOGIN, "person", PASSWORD).content.decode()
    ends = timezone.localtime(AccessAttempt.objects.get().attempt_time) + datetime.timedelta(
        minutes=15
    )
    hour = ends.hour % 12 or 12
    # As GOV.UK writes times: "9am" on the hour, "midday" and "midnight" by name.
    if (ends.hour, ends.minute) == (12, 0):
        expected = "midday"
    elif (ends.hour, ends.minute) == (0, 0):
        expected = "midnight"
    elif ends.minute == 0:
        expected = f"{hour}{'am' if ends.hour < 12 else 'pm'}"
    else:
        expected = f"{hour}:{ends.minute:02d}{'am' if ends.hour < 12 else 'pm'}"
    assert f">{expected}, " in page
    assert "(in 15 minutes)" in page


def test_an_unknown_username_gets_the_same_answer(client, person):
    guess(client, SITE_LOGIN, "person", address="192.0.2.1")
    guess(client, SITE_LOGIN, "nobody-at-all", address="192.0.2.2")
    known = sign_in(client, SITE_LOGIN, "person", PASSWORD, address="192.0.2.1")
    unknown = sign_in(client, SITE_LOGIN, "nobody-at-all", PASSWORD, address="192.0.2.2")
    assert known.status_code == unknown.status_code == 429
    assert main_text(known) == main_text(unknown)


def test_an_address_is_locked_whichever_usernames_it_tries(client, person):
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, SITE_LOGIN, f"guess-{number}", "wrong-guess", address="198.51.100.7")
    from_there = sign_in(client, SITE_LOGIN, "person", PASSWORD, address="198.51.100.7")
    assert from_there.status_code == 429
    from_elsewhere = sign_in(client, SITE_LOGIN, "person", PASSWORD, address="203.0.113.9")
    assert from_elsewhere.status_code == 302  # the account itself is not locked


def test_an_account_is_locked_whichever_addresses_guess_at_it(client, person):
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, SITE_LOGIN, "person", "wrong-guess", address=f"203.0.113.{number + 1}")
    assert sign_in(client, SITE_LOGIN, "person", PASSWORD, address="192.0.2.50").status_code == 429


def test_the_lock_ends_by_itself_after_the_cool_off(client, person):
    guess(client, SITE_LOGIN, "person")
    assert sign_in(client, SITE_LOGIN, "person", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    signed_in = sign_in(client, SITE_LOGIN, "person", PASSWORD)
    assert signed_in.status_code == 302 and signed_in.url == reverse("accounts:home")


def test_trying_while_locked_does_not_restart_the_wait(client, person):
    guess(client, SITE_LOGIN, "person")
    locked_at = timezone.now() - datetime.timedelta(minutes=10)
    AccessAttempt.objects.update(attempt_time=locked_at)
    during = guess(client, SITE_LOGIN, "person", times=3)
    assert all(response.status_code == 429 for response in during)
    attempt = AccessAttempt.objects.get()
    assert (attempt.attempt_time, attempt.failures_since_start) == (locked_at, 5)
    assert "(in 5 minutes)" in sign_in(client, SITE_LOGIN, "person", PASSWORD).content.decode()


def test_a_password_reset_ends_the_accounts_lock(
    client, person, django_capture_on_commit_callbacks
):
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, SITE_LOGIN, "person", "wrong-guess", address=f"203.0.113.{number + 1}")
    assert sign_in(client, SITE_LOGIN, "person", PASSWORD, "192.0.2.50").status_code == 429
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "person@example.gov.uk"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert sign_in(client, SITE_LOGIN, "person", NEW_PASSWORD, "192.0.2.50").status_code == 302


def test_the_programme_team_ends_a_lock_with_axes_reset_username(client, person):
    guess(client, SITE_LOGIN, "person")
    assert sign_in(client, SITE_LOGIN, "person", PASSWORD, "192.0.2.50").status_code == 429
    call_command("axes_reset_username", "person", stdout=StringIO())
    assert sign_in(client, SITE_LOGIN, "person", PASSWORD, "192.0.2.50").status_code == 302


def test_wrong_current_passwords_on_the_change_password_page_lock_too(client, person):
    client.force_login(person)
    url = reverse("accounts:change_password")
    attempts = [
        client.post(
            url,
            {
                "old_password": "wrong-guess",
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
            REMOTE_ADDR="192.0.2.1",
        )
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert "Your current password is not right" in attempts[0].content.decode()
    assert attempts[-1].status_code == 429
    right = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        REMOTE_ADDR="192.0.2.1",
    )
    assert right.status_code == 429
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_the_admin_links_to_the_sites_password_change_instead_of_its_own(admin_client):
    page = admin_client.get(reverse("wagtailadmin_account")).content.decode()
    assert reverse("accounts:change_password") in page
    assert 'name="password-old_password"' not in page


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.1"),  # no proxy: the header is the client's to invent
        (1, "198.51.100.1, 203.0.113.5", "203.0.113.5"),  # the proxy's entry, not the client's
        (2, "198.51.100.1, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (1, "", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
    ],
)
def test_the_address_comes_from_the_trusted_proxies_entry(rf, proxies, forwarded, expected):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_ip_address(request) == expected


def test_behind_a_proxy_each_client_is_locked_apart(client, person):
    with override_settings(TRUSTED_PROXY_COUNT=1):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(
                SITE_LOGIN,
                {"username": f"guess-{_}", "password": "wrong-guess"},
                REMOTE_ADDR="10.0.0.1",
                HTTP_X_FORWARDED_FOR="198.51.100.7",
            )
        guesser = client.post(
            SITE_LOGIN,
            {"username": "person", "password": PASSWORD},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
        other = client.post(
            SITE_LOGIN,
            {"username": "person", "password": PASSWORD},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    assert (guesser.status_code, other.status_code) == (429, 302)


def test_only_failed_attempts_are_kept_and_only_until_their_cool_off(client, person):
    sign_in(client, SITE_LOGIN, "person", PASSWORD)
    guess(client, SITE_LOGIN, "person", times=2)
    [attempt] = AccessAttempt.objects.all()
    assert "wrong-guess" not in attempt.post_data
    assert not expired_attempts(now=timezone.now()).exists()
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert list(expired_attempts(now=timezone.now())) == [attempt]
    out = StringIO()
    call_command("apply_retention", "--apply", stdout=out)
    assert "Records of failed sign-ins past their 15 minutes: 1" in out.getvalue()
    assert not AccessAttempt.objects.exists()


def test_successful_sign_ins_leave_no_access_log(client, person):
    sign_in(client, SITE_LOGIN, "person", "wrong-guess")
    sign_in(client, SITE_LOGIN, "person", PASSWORD)
    assert AccessAttempt.objects.get().failures_since_start == 1
    assert not AccessLog.objects.exists() and not AccessFailureLog.objects.exists()


def test_the_privacy_notice_says_how_long_sign_in_records_are_kept(client, db):
    page = client.get("/privacy/").content.decode()
    assert "failed attempts to sign in" in page
    assert "deleted 15 minutes after the last failure" in page
