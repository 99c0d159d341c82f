"""The feedback form, its confirmation and the cookies page, by role: everyone may use them,
signed in or not, whatever council or cohort they belong to."""

from django.urls import reverse

import pytest

from core.models import Feedback
from tests.pages import assert_no_template_syntax

pytestmark = pytest.mark.django_db

# (url name, HTTP method, status for every role).
PAGES = [
    ("feedback", "get", 200),
    ("feedback", "post", 302),
    ("feedback_sent", "get", 200),
    ("cookies", "get", 200),
]
ROLES = ["anonymous", "council_member", "cohort_reviewer"]


@pytest.fixture
def council_member(wb_contributor):
    return wb_contributor


@pytest.fixture
def cohort_reviewer(reviewed_cohort, reviewer):
    """The reviewer of a cohort (reviewed_cohort assigns them)."""
    assert list(reviewed_cohort.reviewers.all()) == [reviewer]
    return reviewer


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "status"), PAGES)
def test_every_role_reaches_the_page(client, request, loaded_content, role, name, method, status):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    data = {"text": f"Feedback from a {role}."} if method == "post" else None
    response = getattr(client, method)(reverse(name), data)
    assert response.status_code == status
    assert_no_template_syntax(response)
    if method == "post":
        assert response["Location"] == reverse("feedback_sent")
        assert Feedback.objects.get().text == f"Feedback from a {role}."


@pytest.mark.parametrize("name", ["feedback_sent", "cookies"])
def test_the_read_only_pages_refuse_a_post(client, loaded_content, name):
    assert client.post(reverse(name)).status_code == 405
