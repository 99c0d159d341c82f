"""Every reviewer page for each role: the cohort's reviewer reads; a reviewer of another cohort,
a council's own lead and staff get 404; anonymous users are sent to sign in. Reviewers get no
way to change council data other than the review decision."""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

import pytest

from fidelity.models import Assessment, EvidenceFile, ReviewDecision
from tests.pages import assert_no_template_syntax, assert_not_cached

pytestmark = pytest.mark.django_db


def kwargs_for(cohort):
    council = cohort.councils.get(name="Council 001")
    assessment = Assessment.objects.get(authority=council, round=6)
    evidence = EvidenceFile.objects.create(
        assessment=assessment,
        indicator=assessment.framework.indicators.first(),
        file=ContentFile(b"%PDF-1.7\n", name="minutes.pdf"),
        original_name="minutes.pdf",
        content_type="application/pdf",
        size=9,
    )
    # A decision of the cohort's reviewer on the baseline, which they may reopen.
    baseline = Assessment.objects.get(authority=council, round=0)
    decision = ReviewDecision.objects.create(
        assessment=baseline, reviewer=cohort.reviewers.get(), outcome="validated"
    )
    Assessment.objects.filter(pk=baseline.pk).update(status="validated")
    c = {"cohort_pk": cohort.pk}
    return {
        "overview": c,
        "heatmap_chart": c,
        "rounds_chart": c,
        "milestones_chart": c,
        "council": c | {"authority_pk": council.pk},
        "council_timeline": c | {"authority_pk": council.pk},
        "assessment": c | {"assessment_pk": assessment.pk},
        "assessment_radar": c | {"assessment_pk": assessment.pk},
        "evidence_file": c | {"assessment_pk": assessment.pk, "file_pk": evidence.pk},
        "reopen": c | {"assessment_pk": baseline.pk, "decision_pk": decision.pk},
    }


PAGES = [
    "overview",
    "heatmap_chart",
    "rounds_chart",
    "milestones_chart",
    "council",
    "council_timeline",
    "assessment",
    "assessment_radar",
    "evidence_file",
    "reopen",
]


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_superuser(
        "admin", "admin@example.invalid", "not-a-real-password"
    )


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("reviewer", 200),
        ("other_reviewer", 404),
        ("council_lead", 404),
        ("staff", 404),
        (None, 302),
    ],
)
def test_reviewer_pages_for_each_role(client, request, reviewed_cohort, name, role, expected):
    url = reverse(f"review:{name}", kwargs=kwargs_for(reviewed_cohort)[name])
    if role:
        client.force_login(request.getfixturevalue(role))
    response = client.get(url)
    assert response.status_code == expected
    assert_no_template_syntax(response)
    if role:
        assert_not_cached(response)  # charts and evidence files too
    if role is None:
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("role", "expected"), [("other_reviewer", 404), ("council_lead", 404), ("staff", 404)]
)
def test_only_the_cohorts_reviewer_can_comment(client, request, reviewed_cohort, role, expected):
    from cohorts.models import ReviewComment

    assessment = Assessment.objects.get(authority__name="Council 001", round=6)
    client.force_login(request.getfixturevalue(role))
    url = reverse(
        "review:comment", kwargs={"cohort_pk": reviewed_cohort.pk, "assessment_pk": assessment.pk}
    )
    response = client.post(url, {"thread": "submission", "body": "A comment"})
    assert response.status_code == expected
    assert_not_cached(response)
    assert not ReviewComment.objects.exists()


@pytest.mark.parametrize(
    ("role", "expected"), [("other_reviewer", 404), ("council_lead", 404), ("staff", 404)]
)
def test_only_the_cohorts_reviewer_can_record_a_decision(
    client, request, reviewed_cohort, role, expected
):
    assessment = Assessment.objects.get(authority__name="Council 001", round=6)
    client.force_login(request.getfixturevalue(role))
    url = reverse(
        "review:decide", kwargs={"cohort_pk": reviewed_cohort.pk, "assessment_pk": assessment.pk}
    )
    assert (
        client.post(
            url, {"outcome": "validated", "submitted_at": assessment.submitted_at.isoformat()}
        ).status_code
        == expected
    )
    assert Assessment.objects.get(pk=assessment.pk).status == "submitted"


def test_a_tampered_council_or_assessment_id_is_a_404(
    client, reviewed_cohort, reviewer, other_reviewer
):
    elsewhere = other_reviewer.reviewed_cohorts.get()
    client.force_login(reviewer)
    council = reviewed_cohort.councils.first()
    assert (
        client.get(
            reverse(
                "review:council", kwargs={"cohort_pk": reviewed_cohort.pk, "authority_pk": 99999}
            )
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse(
                "review:council", kwargs={"cohort_pk": elsewhere.pk, "authority_pk": council.pk}
            )
        ).status_code
        == 404
    )


def test_drafts_are_not_shown_to_reviewers(client, reviewed_cohort, reviewer):
    from fidelity import services

    council = reviewed_cohort.councils.get(name="Council 002")
    lead = get_user_model().objects.get(username="lead-2")
    draft = services.start_assessment(user=lead, authority=council, round=6)
    client.force_login(reviewer)
    url = reverse(
        "review:assessment", kwargs={"cohort_pk": reviewed_cohort.pk, "assessment_pk": draft.pk}
    )
    assert client.get(url).status_code == 404


def test_reviewers_cannot_reach_council_pages(client, reviewed_cohort, reviewer):
    assessment = Assessment.objects.get(authority__name="Council 001", round=6)
    client.force_login(reviewer)
    assert client.get(reverse("fidelity:results", kwargs={"pk": assessment.pk})).status_code == 404


def test_a_reviewer_with_no_cohort_sees_nothing(client, other_reviewer, reviewed_cohort):
    client.force_login(other_reviewer)
    content = client.get(reverse("review:cohort_list")).content.decode()
    assert "Elsewhere" in content and "Innovation Programme 2017" not in content


def test_the_programme_team_manages_cohorts_in_the_admin(client, reviewed_cohort, reviewer):
    from django.contrib.auth.models import Group

    editor = get_user_model().objects.create_user("programme-lead", password="not-a-real-password")
    editor.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(editor)
    listing = client.get("/admin/snippets/cohorts/cohort/")
    assert listing.status_code == 200 and "Innovation Programme 2017" in listing.content.decode()
    edit = client.get(f"/admin/snippets/cohorts/cohort/edit/{reviewed_cohort.pk}/")
    assert edit.status_code == 200 and "Council 001" in edit.content.decode()
    client.force_login(reviewer)  # reviewers have no admin access
    assert client.get("/admin/snippets/cohorts/cohort/").status_code == 302


def test_a_reviewer_who_is_a_member_of_the_council_cannot_review_its_submission(
    client, reviewed_cohort, reviewer
):
    from authorities.models import Membership

    assessment = Assessment.objects.get(authority__name="Council 001", round=6)
    Membership.objects.create(user=reviewer, authority=assessment.authority, role="contributor")
    client.force_login(reviewer)
    url = reverse(
        "review:decide", kwargs={"cohort_pk": reviewed_cohort.pk, "assessment_pk": assessment.pk}
    )
    assert (
        client.post(
            url, {"outcome": "validated", "submitted_at": assessment.submitted_at.isoformat()}
        ).status_code
        == 403
    )
    assert Assessment.objects.get(pk=assessment.pk).status == "submitted"


def test_council_users_are_shown_no_cohort_on_the_cohort_list(
    client, reviewed_cohort, council_lead
):
    client.force_login(council_lead)
    page = client.get(reverse("review:cohort_list"))
    assert page.status_code == 200
    assert "No cohort has been assigned to you" in page.content.decode()
    assert reviewed_cohort.name not in page.content.decode()


def test_only_members_of_the_reviewers_group_can_be_assigned_in_the_admin():
    from cohorts.models import Cohort

    field = Cohort._meta.get_field("reviewers")
    assert field.get_limit_choices_to() == {"groups__name": "Reviewers"}
