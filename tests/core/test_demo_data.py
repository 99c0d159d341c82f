"""Demo logins: created by load_demo_data only, refused where settings forbid them."""

from io import StringIO

from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

import pytest

pytestmark = pytest.mark.django_db


def sign_in_request(rf):
    """authenticate() needs the request: django-axes checks it for a lockout first."""
    return rf.post("/accounts/login/")


def test_creates_the_editor_with_the_demo_password_and_prints_the_logins(rf):
    out = StringIO()
    call_command("load_demo_data", stdout=out)

    editor = authenticate(
        sign_in_request(rf), username="editor", password="family-safeguarding-demo"
    )
    assert editor is not None
    assert editor.has_perm("wagtailadmin.access_admin")
    assert "editor" in out.getvalue()
    assert "family-safeguarding-demo" in out.getvalue()


def test_running_twice_is_safe():
    call_command("load_demo_data", stdout=StringIO())
    call_command("load_demo_data", stdout=StringIO())
    assert get_user_model().objects.filter(username="editor").count() == 1


@override_settings(DEMO_PASSWORD="another-demo-password")
def test_password_comes_from_settings(rf):
    call_command("load_demo_data", stdout=StringIO())
    assert (
        authenticate(sign_in_request(rf), username="editor", password="another-demo-password")
        is not None
    )


@override_settings(DEMO_DATA_ALLOWED=False)
def test_refused_where_demo_data_is_not_allowed():
    with pytest.raises(CommandError, match="not allowed"):
        call_command("load_demo_data", stdout=StringIO())
    assert not get_user_model().objects.filter(username="editor").exists()


def test_migrations_create_no_users():
    assert not get_user_model().objects.exists()


def test_editor_can_sign_in_on_the_site_login_page(client):
    call_command("load_demo_data", stdout=StringIO())
    response = client.post(
        "/accounts/login/", {"username": "editor", "password": "family-safeguarding-demo"}
    )
    assert response.status_code == 302


def test_wrong_password_gets_an_error_summary(client):
    response = client.post("/accounts/login/", {"username": "editor", "password": "wrong"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
