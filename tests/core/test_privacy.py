"""The privacy notice: open to everyone, with the retention period and contact from the settings."""

from django.urls import reverse

import pytest

from tests.pages import assert_no_template_syntax

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort_reviewer(cohort, reviewer):
    cohort.reviewers.add(reviewer)
    return reviewer


@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 200), ("wb_contributor", 200), ("wb_lead", 200), ("cohort_reviewer", 200)],
)
def test_the_privacy_notice_for_each_role(client, request, role, expected):
    if role:
        client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("privacy"))
    assert response.status_code == expected
    assert_no_template_syntax(response)
    assert '<h1 class="govuk-heading-xl">Privacy notice</h1>' in response.content.decode()


def test_it_lives_at_privacy():
    assert reverse("privacy") == "/privacy/"


@pytest.mark.parametrize(("years", "said"), [(3, "3 years after"), (1, "1 year after")])
def test_it_states_the_retention_period_from_the_settings(client, settings, years, said):
    settings.RETENTION_YEARS = years
    html = client.get("/privacy/").content.decode()
    assert f"Evidence files are deleted {said} the last thing done" in html
    assert f"Notes on local returns are deleted {said} the end of the quarter" in html


def test_it_shows_the_contact_email_when_one_is_set(client, settings):
    settings.PRIVACY_CONTACT_EMAIL = "privacy@council.example"
    html = client.get("/privacy/").content.decode()
    assert html.count('href="mailto:privacy@council.example"') == 2
    assert 'href="/feedback/"' not in html


def test_without_a_contact_email_it_points_to_the_feedback_form(client, settings):
    settings.PRIVACY_CONTACT_EMAIL = ""
    html = client.get("/privacy/").content.decode()
    assert "mailto:" not in html
    assert "contact the programme team through the" in html
    assert html.count('href="/feedback/"') == 2
