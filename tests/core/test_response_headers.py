"""Headers on every response: no caching of anything a signed-in person is sent (anonymous
visitors' public pages keep theirs), and a Permissions-Policy turning off unused features."""

import pytest

from tests.pages import assert_not_cached

pytestmark = pytest.mark.django_db

TURNED_OFF = ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"]


@pytest.mark.parametrize(
    "path", ["/", "/no-such-page/", "/search/?q=plan", "/accounts/login/", "/admin/login/"]
)
def test_every_response_turns_off_the_features_the_site_never_uses(client, home_page, path):
    policy = client.get(path)["Permissions-Policy"]
    for feature in TURNED_OFF:
        assert f"{feature}=()" in policy
    assert "fullscreen=(self)" in policy


def test_a_refused_api_call_and_a_signed_in_admin_page_carry_it_too(admin_client, home_page):
    assert "camera=()" in admin_client.get("/admin/")["Permissions-Policy"]
    refused = admin_client.get("/api/v1/cohorts/", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert refused.status_code == 401
    assert "camera=()" in refused["Permissions-Policy"]
    assert_not_cached(refused)


@pytest.mark.parametrize("path", ["/", "/search/?q=plan", "/no-such-page/", "/privacy/"])
def test_public_pages_are_not_cached_for_a_signed_in_person(client, home_page, wb_lead, path):
    client.force_login(wb_lead)
    assert_not_cached(client.get(path))


def test_the_wagtail_admin_is_not_cached(admin_client, home_page):
    assert_not_cached(admin_client.get("/admin/pages/"))


def test_anonymous_visitors_public_pages_are_unchanged(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert "Cache-Control" not in response
