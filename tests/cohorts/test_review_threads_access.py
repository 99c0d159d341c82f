"""The review threads' and reopening's URLs by role: the council's members read and reply to
their own round's threads, the cohort's reviewer comments and reopens; anyone else gets a 404
(another council, a reviewer of another cohort) or is sent to sign in. Every signed-in
response is private."""

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest

from authorities.choices import MembershipRole
from cohorts import services
from cohorts.models import DecisionReopening, ReviewComment
from fidelity.models import Assessment
from tests.authorities.factories import member
from tests.pages import assert_no_template_syntax, assert_not_cached

pytestmark = pytest.mark.django_db

LOGIN = 302
ROLES = [
    "anonymous",
    "contributor",
    "lead",
    "other_council",
    "reviewer",
    "other_reviewer",
    "staff",
]

# (name, method, data) -> the status for each role, in ROLES order. A reviewer's comment and a
# member's reply redirect once recorded; the reopening form is posted without a reason, so it
# is refused with a message and changes nothing.
MATRIX = {
    ("review:assessment", "get", None): (LOGIN, 404, 404, 404, 200, 404, 404),
    ("review:comment", "post", (("thread", "submission"), ("body", "A comment"))): (
        LOGIN,
        404,
        404,
        404,
        302,
        404,
        404,
    ),
    ("review:reopen", "get", None): (LOGIN, 404, 404, 404, 200, 404, 404),
    ("review:reopen", "post", (("reason", ""),)): (LOGIN, 404, 404, 404, 200, 404, 404),
    ("council_review:threads", "get", None): (LOGIN, 200, 200, 404, 404, 404, 404),
    ("council_review:reply", "post", (("thread", "submission"), ("body", "A reply"))): (
        LOGIN,
        302,
        302,
        404,
        404,
        404,
        404,
    ),
}


@pytest.fixture
def world(reviewed_cohort, reviewer, other_reviewer, council_lead):
    """Council 001's 6-month round, returned by the cohort's reviewer with a comment."""
    assessment = Assessment.objects.get(authority__name="Council 001", round=6)
    decision = services.review_submission(
        reviewer=reviewer,
        cohort=reviewed_cohort,
        assessment=assessment,
        submitted_at=assessment.submitted_at,
        outcome="returned",
        comment="Say how MI practice is observed.",
    )
    return {
        "people": {
            "anonymous": None,
            "contributor": member(
                "contributor-1", assessment.authority, MembershipRole.CONTRIBUTOR
            ),
            "lead": council_lead,
            "other_council": get_user_model().objects.get(username="lead-2"),
            "reviewer": reviewer,
            "other_reviewer": other_reviewer,
            "staff": get_user_model().objects.create_superuser(
                "admin", "admin@example.invalid", "not-a-real-password"
            ),
        },
        "kwargs": {
            "review": {"cohort_pk": reviewed_cohort.pk, "assessment_pk": assessment.pk},
            "reopen": {
                "cohort_pk": reviewed_cohort.pk,
                "assessment_pk": assessment.pk,
                "decision_pk": decision.pk,
            },
            "council_review": {"pk": assessment.pk},
        },
    }


@pytest.mark.parametrize(
    ("name", "method", "data"), list(MATRIX), ids=[f"{n}-{m}" for n, m, _ in MATRIX]
)
def test_each_role_gets_the_expected_status(client, world, name, method, data):
    kwargs = world["kwargs"]["reopen" if name == "review:reopen" else name.split(":")[0]]
    url = reverse(name, kwargs=kwargs)
    found = {}
    for role in ROLES:
        client.logout()
        person = world["people"][role]
        if person is not None:
            client.force_login(person)
        response = getattr(client, method)(url, dict(data or ()))
        found[role] = response.status_code
        assert_no_template_syntax(response)
        if person is not None:
            assert_not_cached(response)
        else:
            assert response["Location"].startswith("/accounts/login/")
    assert found == dict(zip(ROLES, MATRIX[(name, method, data)], strict=True))


def test_refused_roles_change_nothing(client, world):
    """Only the reviewer's comment and the two members' replies were recorded above; here, the
    refused roles' posts leave no trace."""
    review = world["kwargs"]["review"]
    for role in ("contributor", "lead", "other_council", "other_reviewer", "staff"):
        client.force_login(world["people"][role])
        client.post(reverse("review:comment", kwargs=review), {"thread": "submission", "body": "x"})
        client.post(reverse("review:reopen", kwargs=world["kwargs"]["reopen"]), {"reason": "x"})
    for role in ("other_council", "reviewer", "other_reviewer", "staff"):
        client.force_login(world["people"][role])
        client.post(
            reverse("council_review:reply", kwargs=world["kwargs"]["council_review"]),
            {"thread": "submission", "body": "x"},
        )
    assert not ReviewComment.objects.exists()
    assert not DecisionReopening.objects.exists()
    assert Assessment.objects.get(pk=review["assessment_pk"]).status == "returned"
