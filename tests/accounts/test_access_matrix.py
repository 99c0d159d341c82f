"""Every account page, by role: the exact status each gets, no template syntax on any page, and
nothing a signed-in person is sent kept by a cache."""

import pytest

from accounts import services
from authorities.models import Membership
from tests.authorities.factories import UserFactory
from tests.pages import assert_no_template_syntax, assert_not_cached

LOGIN = 302  # anonymous people are sent to sign in
ROLES = ["anonymous", "wb_lead", "wb_contributor", "luton_lead", "reviewer", "superuser"]

# path template -> the status for each role, in ROLES order
MATRIX = {
    "/home/": (LOGIN, 200, 200, 200, 200, 200),
    "/account/": (LOGIN, 200, 200, 200, 200, 200),
    "/account/password/": (LOGIN, 200, 200, 200, 200, 200),
    "/councils/E06000037/team/": (LOGIN, 200, 200, 404, 404, 404),
    "/councils/E06000037/team/invite/": (LOGIN, 200, 403, 404, 404, 404),
    "/councils/E06000037/team/{contributor}/role/": (LOGIN, 200, 403, 404, 404, 404),
    "/councils/E06000037/team/{contributor}/remove/": (LOGIN, 200, 403, 404, 404, 404),
    "/councils/E06000032/team/": (LOGIN, 404, 404, 200, 404, 404),
    "/invitations/{token}/": (200, 200, 200, 200, 200, 200),
    "/invitations/not-a-token/": (404, 404, 404, 404, 404, 404),
    "/accounts/password-reset/": (200, 200, 200, 200, 200, 200),
    "/accounts/password-reset/sent/": (200, 200, 200, 200, 200, 200),
    "/accounts/reset/done/": (200, 200, 200, 200, 200, 200),
}


@pytest.fixture
def people(wb_lead, wb_contributor, luton_lead, reviewer, cohort, west_berkshire):
    cohort.reviewers.add(reviewer)
    _invitation, token = services.invite_to_council(
        user=wb_lead, authority=west_berkshire, email="new@example.gov.uk", role="contributor"
    )
    return {
        "anonymous": None,
        "wb_lead": wb_lead,
        "wb_contributor": wb_contributor,
        "luton_lead": luton_lead,
        "reviewer": reviewer,
        "superuser": UserFactory(username="admin", is_superuser=True, is_staff=True),
        "contributor": Membership.objects.get(user=wb_contributor).pk,
        "token": token,
    }


@pytest.mark.parametrize("path", list(MATRIX))
def test_each_role_gets_the_expected_status(client, people, path):
    url = path.format(contributor=people["contributor"], token=people["token"])
    found = {}
    for role in ROLES:
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        response = client.get(url)
        found[role] = response.status_code
        assert_no_template_syntax(response)
        if people[role] is not None:
            assert_not_cached(response)
    assert found == dict(zip(ROLES, MATRIX[path], strict=True))


def test_a_refusal_is_a_govuk_page_that_says_why(client, people):
    client.force_login(people["wb_contributor"])
    response = client.get("/councils/E06000037/team/invite/")
    text = response.content.decode()
    assert response.status_code == 403
    assert "You cannot do this" in text
    assert "Only the council&#x27;s leads can manage its team." in text
    assert 'class="govuk-footer"' in text
