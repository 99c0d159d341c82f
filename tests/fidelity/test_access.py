"""Every council URL: another council's user gets 404, anonymous users go to sign in,
staff and editors get no special access. Write methods are covered as well as reads."""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

import pytest

from fidelity.models import EvidenceFile, Indicator
from tests.pages import assert_no_template_syntax, assert_not_cached

pytestmark = pytest.mark.django_db

# (url name, extra kwargs builder, needs a submitted assessment, HTTP methods)
COUNCIL_URLS = [
    ("fidelity:task_list", lambda a: {}, False, ["get"]),
    ("fidelity:section_first", lambda a: {}, False, ["get"]),
    ("fidelity:section", lambda a: {"step": "context"}, False, ["get", "post"]),
    ("fidelity:section", lambda a: {"step": "done"}, False, ["get"]),
    ("fidelity:check_answers", lambda a: {}, False, ["get", "post"]),
    ("fidelity:history", lambda a: {}, False, ["get"]),
    ("fidelity:evidence_file", lambda a: {"file_pk": a.evidence_files.get().pk}, False, ["get"]),
    (
        "fidelity:remove_evidence",
        lambda a: {"file_pk": a.evidence_files.get().pk},
        False,
        ["get", "post"],
    ),
    ("fidelity:submitted", lambda a: {}, True, ["get"]),
    ("fidelity:results", lambda a: {}, True, ["get"]),
    ("fidelity:results_print", lambda a: {}, True, ["get"]),
    ("fidelity:radar_chart", lambda a: {}, True, ["get"]),
    ("fidelity:progress_chart", lambda a: {}, True, ["get"]),
    ("fidelity:answers_csv", lambda a: {}, True, ["get"]),
    (
        "fidelity:edit_action",
        lambda a: {"indicator_slug": a.framework.indicators.filter(reference_level=2).first().slug},
        True,
        ["get", "post"],
    ),
    # The reviewer's comments and the council's replies (cohorts.council_review_views).
    ("council_review:threads", lambda a: {}, True, ["get"]),
    ("council_review:reply", lambda a: {}, True, ["post"]),
]
CASES = [
    pytest.param(name, kwargs, submitted, method, id=f"{name.split(':')[1]}-{method}-{i}")
    for i, (name, kwargs, submitted, methods) in enumerate(COUNCIL_URLS)
    for method in methods
]


def with_evidence(assessment, user):
    EvidenceFile.objects.create(
        assessment=assessment,
        indicator=Indicator.objects.filter(framework=assessment.framework).first(),
        file=ContentFile(b"%PDF-1.7\n", name="minutes.pdf"),
        original_name="minutes.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=user,
    )
    return assessment


@pytest.fixture
def draft_with_evidence(draft, wb_lead):
    return with_evidence(draft, wb_lead)


def url_for(name, kwargs, assessment):
    return reverse(name, kwargs={"pk": assessment.pk, **kwargs(assessment)})


@pytest.fixture
def submitted_with_evidence(submitted, wb_lead):
    return with_evidence(submitted, wb_lead)


@pytest.mark.parametrize(
    ("name", "kwargs", "needs_submitted", "method"),
    [c.values for c in CASES],
    ids=[c.id for c in CASES],
)
def test_another_councils_user_gets_404(
    client, request, name, kwargs, needs_submitted, method, luton_lead, wb_lead
):
    assessment = _assessment(request, needs_submitted)
    client.force_login(luton_lead)
    response = getattr(client, method)(url_for(name, kwargs, assessment))
    assert response.status_code == 404
    assert_not_cached(response)


@pytest.mark.parametrize(
    ("name", "kwargs", "needs_submitted", "method"),
    [c.values for c in CASES],
    ids=[c.id for c in CASES],
)
def test_staff_and_editors_without_membership_get_404(
    client, request, name, kwargs, needs_submitted, method
):
    assessment = _assessment(request, needs_submitted)
    admin = get_user_model().objects.create_superuser(
        "admin", "admin@example.invalid", "not-a-real-password"
    )
    client.force_login(admin)
    response = getattr(client, method)(url_for(name, kwargs, assessment))
    assert response.status_code == 404
    assert_not_cached(response)


@pytest.mark.parametrize(
    ("name", "kwargs", "needs_submitted", "method"),
    [c.values for c in CASES],
    ids=[c.id for c in CASES],
)
def test_anonymous_users_are_sent_to_sign_in(
    client, request, name, kwargs, needs_submitted, method
):
    assessment = _assessment(request, needs_submitted)
    response = getattr(client, method)(url_for(name, kwargs, assessment))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


# What a member of the council gets on each page they read. Starting the journey and its "done"
# step send the member on to a section (302). The progress chart needs two submitted rounds:
# test_submission covers members reading it.
MEMBER_READS = {
    "fidelity:task_list": 200,
    "fidelity:section_first": 302,
    "fidelity:section": {"context": 200, "done": 302},
    "fidelity:check_answers": 200,
    "fidelity:history": 200,
    "fidelity:evidence_file": 200,
    "fidelity:remove_evidence": 200,
    "fidelity:submitted": 200,
    "fidelity:results": 200,
    "fidelity:results_print": 200,
    "fidelity:radar_chart": 200,
    "fidelity:answers_csv": 200,
    "fidelity:edit_action": 200,
    "council_review:threads": 200,
}
READS = [c for c in CASES if c.values[3] == "get" and c.values[0] in MEMBER_READS]


@pytest.mark.parametrize(
    ("name", "kwargs", "needs_submitted", "method"),
    [c.values for c in READS],
    ids=[c.id for c in READS],
)
def test_the_councils_own_members_can_read(
    client, request, name, kwargs, needs_submitted, method, wb_contributor
):
    assessment = _assessment(request, needs_submitted)
    client.force_login(wb_contributor)
    expected = MEMBER_READS[name]
    if isinstance(expected, dict):
        expected = expected[kwargs(assessment)["step"]]
    response = client.get(url_for(name, kwargs, assessment))
    assert response.status_code == expected
    assert_no_template_syntax(response)
    assert_not_cached(response)  # the evidence file, the charts and the CSV too


def _assessment(request, needs_submitted):
    if needs_submitted:
        return request.getfixturevalue("submitted_with_evidence")
    return request.getfixturevalue("draft_with_evidence")


def test_the_assessment_list_shows_only_the_users_councils(client, submitted, luton_lead):
    client.force_login(luton_lead)
    content = client.get(reverse("fidelity:assessment_list")).content.decode()
    assert "Luton" in content and "West Berkshire" not in content


def test_a_user_cannot_start_an_assessment_for_another_council(
    client, framework, luton_lead, west_berkshire
):
    client.force_login(luton_lead)
    response = client.post(
        reverse("fidelity:start"), {"authority": west_berkshire.pk, "round": "0", "prefill": "no"}
    )
    assert response.status_code == 200
    assert "Select the council" in response.content.decode()
    assert not west_berkshire.assessments.exists()
