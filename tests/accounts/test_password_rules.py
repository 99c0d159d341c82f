"""Every form that sets a password refuses one character or a pattern repeated and the service's
name (core.password_validation), with the error shown on the page."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

import pytest

from tests.authorities.factories import PASSWORD, UserFactory

REPEATED = "aaaaaaaaaaaa"
SERVICE_NAME = "Family-Safeguarding-2026"
REPEATED_ERROR = "Your password must not be one character or a short pattern repeated"
NAME_ERROR = "Your password must not include the name of this service"
CASES = [(REPEATED, REPEATED_ERROR), (SERVICE_NAME, NAME_ERROR)]


@pytest.mark.parametrize(("password", "error"), CASES)
def test_changing_the_password(client, wb_lead, password, error):
    client.force_login(wb_lead)
    response = client.post(
        reverse("accounts:change_password"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200 and error in response.content.decode()
    wb_lead.refresh_from_db()
    assert wb_lead.check_password(PASSWORD)


@pytest.mark.parametrize(("password", "error"), CASES)
def test_resetting_the_password(
    client, wb_lead, django_capture_on_commit_callbacks, password, error
):
    wb_lead.email = "lead@example.gov.uk"
    wb_lead.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "lead@example.gov.uk"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 200 and error in response.content.decode()


@pytest.mark.parametrize(("password", "error"), CASES)
def test_accepting_an_invitation(
    client, wb_lead, west_berkshire, django_capture_on_commit_callbacks, password, error
):
    client.force_login(wb_lead)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:invite_member", args=[west_berkshire.ons_code]),
            {"email": "new@example.gov.uk", "role": "contributor"},
        )
    link = re.search(r"http://testserver(/invitations/\S+/)", mail.outbox[-1].body).group(1)
    client.logout()
    response = client.post(
        link,
        {
            "first_name": "Nia",
            "last_name": "Jones",
            "new_password1": password,
            "new_password2": password,
        },
    )
    assert response.status_code == 200 and error in response.content.decode()
    assert not get_user_model().objects.filter(email="new@example.gov.uk").exists()


def test_the_admins_user_form(client, db):
    client.force_login(UserFactory(username="an-editor", is_superuser=True))
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "someone",
            "email": "someone@example.gov.uk",
            "first_name": "Some",
            "last_name": "One",
            "password1": REPEATED,
            "password2": REPEATED,
        },
    )
    assert response.status_code == 200 and REPEATED_ERROR in response.content.decode()
    assert not get_user_model().objects.filter(username="someone").exists()
