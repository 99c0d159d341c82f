"""Exporting a person's own data from the Wagtail admin: superusers only, and only that person's."""

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

import pytest

from accounts.services import invite_to_council
from cohorts.models import Milestone
from fidelity.choices import ReviewOutcome
from fidelity.models import EvidenceFile, ReviewDecision
from notifications.models import Notification
from outcomes.models import LocalReturn, QuarterSignOff
from tests.authorities.factories import member
from tests.cohorts.factories import MilestoneEntryFactory
from tests.fidelity.factories import submitted_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        "admin", "admin@example.invalid", "not-a-real-password"
    )


@pytest.fixture
def editor(db):
    """A programme lead editing content: in the admin, but no superuser."""
    user = get_user_model().objects.create_user(username="editor", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def world(framework, milestones, cohort, reviewer, west_berkshire, luton, wb_lead, luton_lead):
    """West Berkshire's lead and Luton's lead each submit a baseline, upload a file, update an
    action, plan a milestone and save a return; a colleague of West Berkshire's lead writes a note too, and the
    cohort's reviewer validates West Berkshire's baseline with a comment."""
    wb_lead.email, wb_lead.last_name = "lead@westberks.example", "Lead"
    wb_lead.save()
    cohort.reviewers.add(reviewer)
    for authority, lead, tag in ((west_berkshire, wb_lead, "WB"), (luton, luton_lead, "LU")):
        baseline = submitted_round(authority, lead, round=0)
        EvidenceFile.objects.create(
            assessment=baseline,
            indicator=framework.indicators.first(),
            file=ContentFile(b"%PDF-1.7\n", name=f"{tag}-minutes.pdf"),
            original_name=f"{tag}-minutes.pdf",
            content_type="application/pdf",
            size=9,
            uploaded_by=lead,
        )
        planned = baseline.planned_actions.create(
            indicator=framework.indicators.first(),
            owner=f"{tag} head of service",
            status="in-progress",
            updated_by=lead,
        )
        planned.updates.create(status="in-progress", notes=f"{tag} action note", user=lead)
        MilestoneEntryFactory(
            authority=authority,
            milestone=Milestone.objects.get(slug="workbook-live"),
            note=f"{tag} milestone note",
            updated_by=lead,
        )
        LocalReturn.objects.create(
            authority=authority,
            quarter="2024-01-01",
            measure="families_worked_with",
            value=10,
            note=f"{tag} return note",
            submitted_by=lead,
        )
        QuarterSignOff.objects.create(
            authority=authority,
            quarter="2024-01-01",
            signed_off_by=lead,
            signed_off_at=timezone.now(),
            reopened_by=lead,
            reopened_at=timezone.now(),
            reopen_reason=f"{tag} reopen reason",
        )
    contributor = member("wb-writer", west_berkshire)
    LocalReturn.objects.create(
        authority=west_berkshire,
        quarter="2024-04-01",
        measure="days_in_care",
        value=3,
        note="A colleague's note",
        submitted_by=contributor,
    )
    invite_to_council(
        user=wb_lead, authority=west_berkshire, email="new@westberks.example", role="contributor"
    )
    invite_to_council(
        user=luton_lead, authority=luton, email="new@luton.example", role="contributor"
    )
    for lead, tag in ((wb_lead, "WB"), (luton_lead, "LU")):
        Notification.objects.create(
            recipient=lead, kind="validated", subject=f"{tag} notification", body="B"
        )
    ReviewDecision.objects.create(
        assessment=west_berkshire.assessments.get(round=0),
        reviewer=reviewer,
        outcome=ReviewOutcome.VALIDATED,
        comment="Clear evidence throughout.",
    )
    return west_berkshire


def export_url(user) -> str:
    return reverse("personal_data_export", args=[user.pk])


def export(client, person) -> dict:
    response = client.get(export_url(person))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


# Wagtail sends those without admin access to its sign-in page, and those in the admin whom the
# view refuses (PermissionDenied) to the admin's dashboard.
@pytest.mark.parametrize(
    ("role", "expected", "sent_to"),
    [
        (None, 302, "wagtailadmin_login"),
        ("wb_lead", 302, "wagtailadmin_login"),
        ("reviewer", 302, "wagtailadmin_login"),
        ("editor", 302, "wagtailadmin_home"),
        ("superuser", 200, None),
    ],
)
def test_only_superusers_can_export_a_persons_data(
    client, request, wb_lead, role, expected, sent_to
):
    if role:
        client.force_login(request.getfixturevalue(role))
    response = client.get(export_url(wb_lead))
    assert response.status_code == expected
    if sent_to:
        assert response["Location"].split("?")[0] == reverse(sent_to)
        assert b"wb-lead" not in response.content
    else:
        assert json.loads(response.content)["account"]["username"] == "wb-lead"


def test_superusers_see_the_export_button_in_the_users_listing(client, superuser, wb_lead):
    client.force_login(superuser)
    response = client.get(reverse("wagtailusers_users:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{export_url(wb_lead)}"' in html
    assert "Export their data (JSON)" in html


def test_an_unknown_person_is_a_404(client, superuser):
    client.force_login(superuser)
    assert client.get(reverse("personal_data_export", args=[999999])).status_code == 404


def test_the_file_holds_what_the_person_wrote_and_did(client, superuser, world, wb_lead):
    client.force_login(superuser)
    data = export(client, wb_lead)

    assert data["account"] | {"date_joined": None} == {
        "username": "wb-lead",
        "first_name": "Wb-Lead",
        "last_name": "Lead",
        "email": "lead@westberks.example",
        "date_joined": None,
        "last_login": None,
        "active": True,
    }
    assert data["memberships"] == [
        {"council": "West Berkshire", "ons_code": "E06000037", "role": "lead"}
    ]
    assert [a["council"] for a in data["assessments_submitted"]] == ["West Berkshire"]
    assert len(data["answers_last_saved"]) == world.assessments.get().answers.count()
    assert [f["file_name"] for f in data["evidence_files_uploaded"]] == ["WB-minutes.pdf"]
    assert [p["owner"] for p in data["planned_actions_last_updated"]] == ["WB head of service"]
    assert [u["notes"] for u in data["action_updates"]] == ["WB action note"]
    assert [e["note"] for e in data["milestone_entries_last_updated"]] == ["WB milestone note"]
    assert [(r["quarter"], r["note"], r["value"]) for r in data["local_returns_last_saved"]] == [
        ("Q4 2023-24", "WB return note", "10.0")
    ]
    assert [
        (s["quarter"], s["signed_off_by_you"], s["reopen_reason"])
        for s in data["local_return_sign_offs"]
    ] == [("Q4 2023-24", True, "WB reopen reason")]
    assert "Submitted the assessment" in {e["action"] for e in data["audit_events"]}
    assert data["review_decisions"] == []
    assert [n["subject"] for n in data["notifications"]] == ["WB notification"]
    assert data["reminders_wanted"] is True
    assert [(i["email"], i["to"]) for i in data["invitations_sent"]] == [
        ("new@westberks.example", "West Berkshire as contributor")
    ]


def test_the_file_holds_nothing_of_other_people(client, superuser, world, wb_lead):
    client.force_login(superuser)
    text = json.dumps(export(client, wb_lead))

    assert "Luton" not in text  # another council's lead, files, notes and trail
    assert "LU " not in text and "LU-minutes" not in text and "LU notification" not in text
    assert "new@luton.example" not in text
    assert "A colleague's note" not in text  # the same council, but someone else wrote it
    assert "Clear evidence throughout." not in text  # the reviewer's comment on their round


def test_a_reviewers_file_holds_their_decisions_and_cohorts(client, superuser, world, reviewer):
    client.force_login(superuser)
    data = export(client, reviewer)

    assert data["memberships"] == []
    assert data["reviewer_of_cohorts"] == ["Innovation Programme 2017"]
    assert [(d["council"], d["outcome"], d["comment"]) for d in data["review_decisions"]] == [
        ("West Berkshire", "validated", "Clear evidence throughout.")
    ]
    assert data["answers_last_saved"] == [] and data["local_returns_last_saved"] == []
    assert data["local_return_sign_offs"] == []


def test_review_comments_and_reopenings_go_in_their_writers_files_only(
    client, superuser, world, reviewer, cohort, wb_lead
):
    from cohorts import services
    from fidelity.models import Assessment

    baseline = Assessment.objects.get(authority__name="West Berkshire", round=0)
    Assessment.objects.filter(pk=baseline.pk).update(status="validated")  # as its decision says
    baseline.refresh_from_db()
    services.comment_on_submission(
        reviewer=reviewer, cohort=cohort, assessment=baseline, indicator=None, body="Reviewer asks"
    )
    services.reply_to_thread(user=wb_lead, assessment=baseline, indicator=None, body="Lead answers")
    services.reopen_decision(
        reviewer=reviewer,
        cohort=cohort,
        decision=baseline.review_decisions.get(),
        reason="Validated too soon",
    )
    client.force_login(superuser)
    theirs, mine = export(client, reviewer), export(client, wb_lead)
    assert [(c["as"], c["comment"]) for c in theirs["review_comments"]] == [
        ("reviewer", "Reviewer asks")
    ]
    assert [r["reason"] for r in theirs["decisions_reopened"]] == ["Validated too soon"]
    assert [(c["as"], c["comment"]) for c in mine["review_comments"]] == [
        ("council", "Lead answers")
    ]
    # (The reviewer's words reach the lead's file only in what the lead was sent: notifications.)
    assert mine["decisions_reopened"] == []
