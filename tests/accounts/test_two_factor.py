"""Two-factor authentication: setting it up with a real code, recovery codes, the code asked for
after signing in, throttling, who must use it under the production settings, and the admin."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.personal_data import personal_data
from tests.authorities.factories import PASSWORD, UserFactory
from tests.pages import assert_no_template_syntax

pytestmark = pytest.mark.django_db

SET_UP = "/account/two-factor/set-up/"
VERIFY = "/account/two-factor/verify/"
RECOVERY = "/account/two-factor/verify/recovery-code/"
CODES = "/account/two-factor/recovery-codes/"
NEW_CODES = "/account/two-factor/recovery-codes/new/"
TURN_OFF = "/account/two-factor/turn-off/"
ROOT = Path(__file__).resolve().parents[2]


def app_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the person's app shows now (or ``steps_ahead`` 30-second steps later: a code is
    accepted once, so a second sign-in in the same test uses the next one)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(app_code(device)) + 500_000) % 1_000_000:06d}"


def with_app(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def verified(client, user, device) -> None:
    """Sign ``user`` in and enter a code from ``device``."""
    client.force_login(user)
    response = client.post(VERIFY, {"code": app_code(device)})
    assert response.status_code == 302, response.content.decode()


def editor():
    user = UserFactory(username="editor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


# Setting up --------------------------------------------------------------------------------


def test_setting_up_with_a_code_from_the_app_turns_it_on_and_shows_ten_codes_once(
    client, wb_contributor
):
    client.force_login(wb_contributor)
    page = client.get(SET_UP)
    assert page.status_code == 200
    assert_no_template_syntax(page)
    device = TOTPDevice.objects.get(user=wb_contributor)
    assert not device.confirmed
    html = page.content.decode()
    assert two_factor.secret_for_typing(device) in html
    assert 'src="data:image/svg+xml' in html
    assert client.get(SET_UP).context["secret"] == page.context["secret"]  # the same QR code

    response = client.post(SET_UP, {"code": app_code(device), "next": "/assessments/"})
    assert response.status_code == 302
    assert response["Location"] == f"{CODES}?next=%2Fassessments%2F"
    device.refresh_from_db()
    assert device.confirmed

    codes_page = client.get(response["Location"])
    stored = set(
        StaticDevice.objects.get(user=wb_contributor).token_set.values_list("token", flat=True)
    )
    assert len(stored) == 10
    assert {code.replace(" ", "") for code in codes_page.context["codes"]} == stored
    assert 'href="/assessments/"' in codes_page.content.decode()
    assert client.get(CODES)["Location"] == "/account/"  # shown once
    assert "On since" in client.get("/account/").content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the 6-digit code from your authenticator app"),
        ("12ab56", "The code must be 6 numbers, like 123456"),
        ("wrong", "That code is wrong or has expired"),
    ],
)
def test_a_missing_malformed_or_wrong_code_at_set_up_leaves_it_off(
    client, wb_contributor, typed, message
):
    client.force_login(wb_contributor)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=wb_contributor)
    response = client.post(SET_UP, {"code": wrong_code(device) if typed == "wrong" else typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert "<title>Error:" in html
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticDevice.objects.filter(user=wb_contributor).exists()


def test_a_person_with_an_app_who_has_not_entered_a_code_cannot_add_another(client, wb_lead):
    device = with_app(wb_lead)
    client.force_login(wb_lead)  # a password alone
    assert client.get(SET_UP)["Location"] == "/account/"
    assert client.get("/account/")["Location"] == f"{VERIFY}?next=%2Faccount%2F"
    assert list(TOTPDevice.objects.filter(user=wb_lead)) == [device]


# Signing in --------------------------------------------------------------------------------


def test_after_the_password_a_person_with_an_app_enters_a_code_before_anything_else(
    client, wb_contributor
):
    device = with_app(wb_contributor)
    response = client.post(
        "/accounts/login/", {"username": "wb-contributor", "password": PASSWORD, "next": "/home/"}
    )
    assert response["Location"] == "/home/"
    for path in ("/home/", "/", "/assessments/", NEW_CODES, TURN_OFF):
        assert client.get(path)["Location"].startswith(f"{VERIFY}?next=")

    page = client.get(f"{VERIFY}?next=/home/")
    assert "Enter the 6-digit code from your authenticator app" in page.content.decode()
    assert_no_template_syntax(page)
    wrong = client.post(VERIFY, {"code": wrong_code(device), "next": "/home/"})
    assert "That code is wrong or has expired" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # the wrong code made the device wait a second

    response = client.post(VERIFY, {"code": app_code(device), "next": "/home/"})
    assert response["Location"] == "/home/"
    assert client.get("/home/").status_code == 200


def test_an_app_set_up_elsewhere_is_asked_for_at_the_next_sign_in(client, wb_contributor):
    client.force_login(wb_contributor)
    assert client.get("/home/").status_code == 200
    device = with_app(wb_contributor)  # in another browser
    assert client.get("/home/").status_code == 200  # this sign-in needed no code
    client.post("/accounts/login/", {"username": "wb-contributor", "password": PASSWORD})
    assert client.get("/home/")["Location"] == f"{VERIFY}?next=%2Fhome%2F"
    client.post(VERIFY, {"code": app_code(device)})
    assert client.get("/home/").status_code == 200


def test_a_code_is_accepted_once(client, wb_contributor):
    device = with_app(wb_contributor)
    code = app_code(device)
    client.force_login(wb_contributor)
    assert client.post(VERIFY, {"code": code})["Location"] == "/home/"
    client.logout()
    client.force_login(wb_contributor)
    response = client.post(VERIFY, {"code": code})
    assert "That code is wrong or has expired" in response.content.decode()


def test_wrong_codes_make_the_person_wait_and_say_how_long(client, wb_contributor):
    device = with_app(wb_contributor)
    client.force_login(wb_contributor)
    client.post(VERIFY, {"code": wrong_code(device)})
    device.refresh_from_db()
    assert device.throttling_failure_count == 1

    device.throttling_failure_count = 5  # the next try must wait 2**4 = 16 seconds
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    response = client.post(VERIFY, {"code": app_code(device)})  # right, but too soon
    html = response.content.decode()
    assert "You have entered a wrong code too many times. Wait 16 seconds" in html
    assert client.get("/home/").status_code == 302

    device.throttling_failure_timestamp = timezone.now() - datetime.timedelta(seconds=17)
    device.save()
    assert client.post(VERIFY, {"code": app_code(device)})["Location"] == "/home/"


def test_a_recovery_code_signs_in_once_and_says_how_many_are_left(client, wb_contributor):
    with_app(wb_contributor)
    first, *_ = two_factor.new_recovery_codes(user=wb_contributor)
    client.force_login(wb_contributor)
    page = client.get(f"{VERIFY}?next=/assessments/")
    assert f'href="{RECOVERY}?next=/assessments/"' in page.content.decode()

    typed = f"{first[:4].upper()} {first[4:].upper()}"  # as shown, in capitals
    response = client.post(RECOVERY, {"code": typed, "next": "/assessments/"})
    assert response["Location"] == "/assessments/"
    assert "You have 9 recovery codes left" in client.get("/home/").content.decode()

    client.logout()
    client.force_login(wb_contributor)
    again = client.post(RECOVERY, {"code": first})
    assert "That recovery code is wrong or has already been used" in again.content.decode()


@pytest.mark.parametrize(
    "next_url", ["https://elsewhere.example/", "//elsewhere.example/", "javascript:alert(1)"]
)
def test_after_the_code_only_a_next_on_this_site_is_followed(client, wb_contributor, next_url):
    device = with_app(wb_contributor)
    client.force_login(wb_contributor)
    response = client.post(VERIFY, {"code": app_code(device), "next": next_url})
    assert response["Location"] == "/home/"


def test_signing_out_and_resetting_a_password_need_no_code(client, wb_contributor):
    with_app(wb_contributor)
    client.force_login(wb_contributor)
    assert client.get("/accounts/password-reset/").status_code == 200
    assert client.post("/accounts/logout/")["Location"] == "/"
    assert client.get("/home/")["Location"].startswith("/accounts/login/")


# Who must use it ---------------------------------------------------------------------------


@pytest.fixture
def roles(wb_lead, wb_contributor, reviewer, cohort):
    cohort.reviewers.add(reviewer)
    return {
        "council lead": wb_lead,
        "reviewer": reviewer,
        "editor": editor(),
        "superuser": UserFactory(username="admin", is_superuser=True, is_staff=True),
        "council contributor": wb_contributor,
        "reviewer of no cohort": UserFactory(username="no-cohort"),
    }


NEEDS_TWO_FACTOR = {"council lead", "reviewer", "editor", "superuser"}


@pytest.mark.parametrize(
    "role",
    [
        "council lead",
        "reviewer",
        "editor",
        "superuser",
        "council contributor",
        "reviewer of no cohort",
    ],
)
def test_under_the_production_setting_each_role_that_needs_it_is_sent_to_set_it_up(
    client, settings, roles, role
):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(roles[role])
    response = client.get("/home/")
    if role in NEEDS_TWO_FACTOR:
        assert response["Location"] == f"{SET_UP}?next=%2Fhome%2F"
        assert "Your role needs two-factor" in client.get(SET_UP).content.decode()
    else:
        assert response.status_code == 200


def test_by_default_no_role_is_asked_to_set_it_up(client, roles):
    for user in roles.values():
        client.force_login(user)
        assert client.get("/home/").status_code == 200


@pytest.mark.parametrize(("value", "required"), [(None, "True"), ("false", "False")])
def test_the_production_settings_require_it_unless_turned_off(value, required):
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "site"),
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "kit.example.org",
        "DATABASE_URL": "postgres://kit@127.0.0.1:5432/kit",
    }
    env.pop("TWO_FACTOR_REQUIRED", None)
    if value is not None:
        env["TWO_FACTOR_REQUIRED"] = value
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from config.settings import production; print(production.TWO_FACTOR_REQUIRED)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == required


def test_once_set_up_under_the_production_setting_the_person_reaches_their_page(
    client, settings, wb_lead
):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(wb_lead)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=wb_lead)
    client.post(SET_UP, {"code": app_code(device)})
    assert client.get("/home/").status_code == 200


def test_the_wagtail_admin_asks_for_the_code_or_for_setting_it_up(client, settings):
    user = editor()
    response = client.post(
        "/admin/login/", {"username": "editor", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/admin/"  # no second factor: the demo's way
    client.logout()

    settings.TWO_FACTOR_REQUIRED = True
    client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    assert client.get("/admin/")["Location"] == f"{SET_UP}?next=%2Fadmin%2F"

    device = with_app(user)
    assert client.get("/admin/pages/")["Location"] == f"{VERIFY}?next=%2Fadmin%2Fpages%2F"
    response = client.post(VERIFY, {"code": app_code(device), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_reviewer_api_is_left_to_its_bearer_tokens(client, settings, reviewer, cohort):
    settings.TWO_FACTOR_REQUIRED = True
    cohort.reviewers.add(reviewer)
    client.force_login(reviewer)
    assert client.get("/api/v1/cohorts/").status_code == 401  # a session is not a token


# Managing it -------------------------------------------------------------------------------


def test_new_recovery_codes_replace_the_old_ones(client, wb_contributor):
    device = with_app(wb_contributor)
    old = set(two_factor.new_recovery_codes(user=wb_contributor))
    verified(client, wb_contributor, device)
    assert "10 unused" in client.get("/account/").content.decode()
    assert client.post(NEW_CODES)["Location"] == f"{CODES}?next=%2Faccount%2F"
    shown = {code.replace(" ", "") for code in client.get(CODES).context["codes"]}
    stored = set(
        StaticDevice.objects.get(user=wb_contributor).token_set.values_list("token", flat=True)
    )
    assert shown == stored and not shown & old


def test_turning_it_off_needs_a_code_and_then_signing_in_needs_none(client, wb_contributor):
    device = with_app(wb_contributor)
    two_factor.new_recovery_codes(user=wb_contributor)
    verified(client, wb_contributor, device)
    response = client.post(TURN_OFF, {"code": wrong_code(device)})
    assert "That code is wrong or has expired" in response.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(TURN_OFF, {"code": app_code(device, steps_ahead=1)})
    assert response["Location"] == "/account/"
    assert not TOTPDevice.objects.filter(user=wb_contributor).exists()
    assert not StaticDevice.objects.filter(user=wb_contributor).exists()
    client.logout()
    client.force_login(wb_contributor)
    assert client.get("/home/").status_code == 200


def test_it_cannot_be_turned_off_while_the_role_requires_it(client, settings, wb_lead):
    settings.TWO_FACTOR_REQUIRED = True
    device = with_app(wb_lead)
    verified(client, wb_lead, device)
    assert "Turn off" not in client.get("/account/").content.decode()
    assert client.post(TURN_OFF, {"code": app_code(device, steps_ahead=1)}).status_code == 403
    assert TOTPDevice.objects.filter(user=wb_lead).exists()


def test_the_programme_team_resets_a_lost_phone_with_a_command(client, capsys, wb_lead):
    wb_lead.email = "lead@westberks.example.gov.uk"
    wb_lead.save()
    device = with_app(wb_lead)
    two_factor.new_recovery_codes(user=wb_lead)
    verified(client, wb_lead, device)

    call_command("reset_two_factor", "LEAD@westberks.example.gov.uk")
    assert "Reset two-factor authentication for wb-lead" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=wb_lead).exists()
    assert not StaticDevice.objects.filter(user=wb_lead).exists()
    assert client.get("/home/").status_code == 200  # the session's device is gone with it

    with pytest.raises(CommandError, match="No one has"):
        call_command("reset_two_factor", "nobody@example.gov.uk")


def test_the_personal_data_export_names_the_devices_but_never_their_secrets(wb_contributor):
    device = with_app(wb_contributor)
    codes = two_factor.new_recovery_codes(user=wb_contributor)
    exported = personal_data(person=wb_contributor)["two_factor_devices"]
    assert [d["kind"] for d in exported] == ["Authenticator app", "Recovery codes"]
    text = repr(exported)
    assert device.key not in text and two_factor.secret_for_typing(device) not in text
    assert not any(code in text for code in codes)


def test_an_administrator_resets_a_lost_phone_from_the_admin_users_listing(admin_client, wb_lead):
    with_app(wb_lead)
    two_factor.new_recovery_codes(user=wb_lead)
    url = f"/admin/two-factor-reset/{wb_lead.pk}/"
    assert url in admin_client.get("/admin/users/").content.decode()
    page = admin_client.get(url)
    assert page.status_code == 200 and "10 unused recovery codes" in page.content.decode()
    assert TOTPDevice.objects.filter(user=wb_lead).exists()  # nothing happens on GET

    assert admin_client.post(url)["Location"] == "/admin/users/"
    assert not TOTPDevice.objects.filter(user=wb_lead).exists()
    assert not StaticDevice.objects.filter(user=wb_lead).exists()


def test_only_administrators_reset_someone_s_two_factor(client, wb_lead):
    device = with_app(wb_lead)
    someone = editor()
    client.force_login(someone)
    response = client.post(f"/admin/two-factor-reset/{wb_lead.pk}/")
    assert response["Location"] == "/admin/"  # Wagtail's answer to a refused admin view
    assert TOTPDevice.objects.filter(user=wb_lead).get() == device
