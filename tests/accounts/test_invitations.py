"""Invitations, roles and removal, as a council's lead and the programme team meet them."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

import pytest

from accounts import services
from accounts.models import Invitation
from authorities.choices import AuditAction, MembershipRole
from authorities.models import AuditEvent, Membership
from tests.authorities.factories import PASSWORD, UserFactory

NEW_PASSWORD = "a-long-and-unusual-passphrase"


def invite_link() -> str:
    return re.search(r"http://testserver(/invitations/\S+/)", mail.outbox[-1].body).group(1)


@pytest.fixture
def lead_client(client, wb_lead):
    client.force_login(wb_lead)
    return client


def invite(client, authority, email, role="contributor", capture=None):
    return client.post(
        reverse("accounts:invite_member", args=[authority.ons_code]),
        {"email": email, "role": role},
    )


def test_a_lead_invites_and_the_invitee_joins_with_their_own_password(
    lead_client, west_berkshire, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(lead_client, west_berkshire, "new.member@example.gov.uk")
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["new.member@example.gov.uk"]
    link = invite_link()
    assert "7 days" in mail.outbox[-1].body
    assert AuditEvent.objects.filter(action=AuditAction.MEMBER_INVITED).exists()

    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    assert "West Berkshire as contributor" in page.content.decode()
    answered = client.post(
        link,
        {
            "first_name": "Nia",
            "last_name": "Jones",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert answered.status_code == 302 and answered.url == reverse("accounts:home")
    user = get_user_model().objects.get(email="new.member@example.gov.uk")
    assert user.check_password(NEW_PASSWORD)
    assert Membership.objects.get(user=user).role == MembershipRole.CONTRIBUTOR
    assert client.get(reverse("accounts:home")).status_code == 200  # signed in

    # The link works once.
    client.logout()
    reused = client.get(link)
    assert reused.status_code == 404
    assert "already been used" in reused.content.decode()


def test_weak_or_mismatched_passwords_are_refused_and_nothing_is_created(
    lead_client, west_berkshire, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(lead_client, west_berkshire, "new@example.gov.uk")
    link = invite_link()
    client.logout()
    weak = client.post(
        link,
        {"first_name": "A", "last_name": "B", "new_password1": "short", "new_password2": "short"},
    )
    assert weak.status_code == 200
    assert "There is a problem" in weak.content.decode()
    mismatched = client.post(
        link,
        {
            "first_name": "A",
            "last_name": "B",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD + "x",
        },
    )
    assert "The passwords do not match" in mismatched.content.decode()
    assert not get_user_model().objects.filter(email="new@example.gov.uk").exists()


def test_expired_and_forged_links_are_refused(lead_client, west_berkshire, client, wb_lead):
    invitation, token = services.invite_to_council(
        user=wb_lead, authority=west_berkshire, email="late@example.gov.uk", role="contributor"
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    client.logout()
    expired = client.get(reverse("accounts:accept_invitation", args=[token]))
    assert expired.status_code == 404 and "has expired" in expired.content.decode()
    forged = client.get(reverse("accounts:accept_invitation", args=["not-a-real-token"]))
    assert forged.status_code == 404 and "not valid" in forged.content.decode()
    with pytest.raises(services.AccountError):
        services.accept_invitation(token=token, password=NEW_PASSWORD)
    assert not get_user_model().objects.filter(email="late@example.gov.uk").exists()


def test_a_new_invitation_replaces_the_unused_one(wb_lead, west_berkshire):
    _first, old = services.invite_to_council(
        user=wb_lead, authority=west_berkshire, email="x@example.gov.uk", role="lead"
    )
    services.invite_to_council(
        user=wb_lead, authority=west_berkshire, email="x@example.gov.uk", role="lead"
    )
    assert "replaced or withdrawn" in services.invitation_problem(services.find_invitation(old))


def test_an_address_already_a_member_is_refused(lead_client, west_berkshire, wb_contributor):
    wb_contributor.email = "member@example.gov.uk"
    wb_contributor.save()
    response = invite(lead_client, west_berkshire, "MEMBER@example.gov.uk")
    assert response.status_code == 200
    assert "already a member of West Berkshire" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_lead_cannot_manage_another_council(lead_client, luton, luton_lead):
    for name in ("accounts:team", "accounts:invite_member"):
        assert lead_client.get(reverse(name, args=[luton.ons_code])).status_code == 404
    luton_membership = Membership.objects.get(user=luton_lead)
    for name in ("accounts:change_role", "accounts:remove_member"):
        url = reverse(name, args=[luton.ons_code, luton_membership.pk])
        assert lead_client.post(url, {"role": "contributor"}).status_code == 404
    assert (
        lead_client.post(
            reverse("accounts:invite_member", args=[luton.ons_code]),
            {"email": "x@example.gov.uk", "role": "lead"},
        ).status_code
        == 404
    )
    assert not Invitation.objects.exists()
    assert Membership.objects.get(user=luton_lead).role == MembershipRole.LEAD


def test_a_contributor_sees_the_team_but_cannot_manage_it(
    client, west_berkshire, wb_contributor, wb_lead
):
    client.force_login(wb_contributor)
    page = client.get(reverse("accounts:team", args=[west_berkshire.ons_code]))
    assert page.status_code == 200
    assert "Invite someone" not in page.content.decode()
    assert (
        client.get(reverse("accounts:invite_member", args=[west_berkshire.ons_code])).status_code
        == 403
    )
    lead_membership = Membership.objects.get(user=wb_lead)
    url = reverse("accounts:remove_member", args=[west_berkshire.ons_code, lead_membership.pk])
    assert client.post(url).status_code == 403
    with pytest.raises(PermissionDenied):
        services.invite_to_council(
            user=wb_contributor, authority=west_berkshire, email="x@example.gov.uk", role="lead"
        )


def test_the_last_lead_cannot_be_demoted_or_removed(lead_client, west_berkshire, wb_lead):
    membership = Membership.objects.get(user=wb_lead)
    role = lead_client.post(
        reverse("accounts:change_role", args=[west_berkshire.ons_code, membership.pk]),
        {"role": "contributor"},
    )
    assert "only lead" in role.content.decode()
    removal = lead_client.post(
        reverse("accounts:remove_member", args=[west_berkshire.ons_code, membership.pk])
    )
    assert removal.status_code == 409 and "only lead" in removal.content.decode()
    assert Membership.objects.get(user=wb_lead).role == MembershipRole.LEAD


def test_role_change_and_removal_take_effect_at_once(
    lead_client, west_berkshire, wb_contributor, draft, client
):
    membership = Membership.objects.get(user=wb_contributor)
    lead_client.post(
        reverse("accounts:change_role", args=[west_berkshire.ons_code, membership.pk]),
        {"role": "lead"},
    )
    assert Membership.objects.get(pk=membership.pk).role == MembershipRole.LEAD

    other = UserFactory(username="other-browser")
    other_client = client.__class__()
    other_client.force_login(wb_contributor)
    task_list = reverse("fidelity:task_list", args=[draft.pk])
    assert other_client.get(task_list).status_code == 200
    lead_client.post(
        reverse("accounts:remove_member", args=[west_berkshire.ons_code, membership.pk])
    )
    assert other_client.get(task_list).status_code == 404  # the session is the same; access is not
    assert get_user_model().objects.filter(pk=wb_contributor.pk).exists()  # history keeps them
    assert AuditEvent.objects.filter(action=AuditAction.MEMBER_REMOVED).exists()
    assert other.pk


def test_an_existing_account_signs_in_to_accept(
    client, west_berkshire, wb_lead, luton_lead, django_capture_on_commit_callbacks
):
    luton_lead.email = "luton.lead@example.gov.uk"
    luton_lead.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_to_council(
            user=wb_lead, authority=west_berkshire, email=luton_lead.email, role="contributor"
        )
    link = invite_link()
    assert "Sign in" in client.get(link).content.decode()
    assert client.post(link).status_code == 200  # nothing accepted without signing in
    client.post(reverse("login"), {"username": "luton-lead", "password": PASSWORD})
    assert client.post(link).status_code == 302
    assert Membership.objects.filter(user=luton_lead, authority=west_berkshire).exists()


def test_the_programme_team_invites_a_reviewer_from_the_admin(
    admin_client, cohort, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("invitations:add"),
            {"email": "reviewer@example.gov.uk", "authority": "", "role": "", "cohort": cohort.pk},
        )
    assert response.status_code == 302
    link = invite_link()
    client.post(
        link,
        {
            "first_name": "Rae",
            "last_name": "View",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    user = get_user_model().objects.get(email="reviewer@example.gov.uk")
    assert list(user.reviewed_cohorts.all()) == [cohort]
    assert user.groups.filter(name="Reviewers").exists()
    assert admin_client.get(reverse("invitations:index")).status_code == 200


def test_the_admin_form_refuses_a_council_without_a_role_or_both_places(
    admin_client, cohort, luton
):
    for data in (
        {"email": "a@example.gov.uk", "authority": luton.pk, "role": "", "cohort": ""},
        {"email": "a@example.gov.uk", "authority": luton.pk, "role": "lead", "cohort": cohort.pk},
        {"email": "a@example.gov.uk", "authority": "", "role": "", "cohort": ""},
    ):
        assert admin_client.post(reverse("invitations:add"), data).status_code == 200
    assert not Invitation.objects.exists()


def test_council_users_cannot_reach_the_admin_invitations(client, wb_lead):
    client.force_login(wb_lead)
    assert client.get(reverse("invitations:add")).status_code in (302, 403)
    with pytest.raises(PermissionDenied):
        services.invite_reviewer(user=wb_lead, cohort=None, email="x@example.gov.uk")


def test_someone_signed_in_with_another_address_cannot_take_the_invitation(
    client, west_berkshire, wb_lead, luton_lead
):
    _invitation, token = services.invite_to_council(
        user=wb_lead, authority=west_berkshire, email="meant@example.gov.uk", role="lead"
    )
    client.force_login(luton_lead)
    response = client.post(reverse("accounts:accept_invitation", args=[token]))
    assert response.status_code == 409
    assert "This invitation is for meant@example.gov.uk" in response.content.decode()
    assert not Membership.objects.filter(user=luton_lead, authority=west_berkshire).exists()
    assert services.invitation_problem(services.find_invitation(token)) is None  # still usable
