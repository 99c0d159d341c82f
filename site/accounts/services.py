"""Accounts people manage themselves: invitations, roles in a council, removal.

The programme team invites council leads and reviewers; a council's leads invite, re-role and
remove their own council's members, never another council's. Every check is made here.
"""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import INVITATION_LIFETIME, Invitation
from authorities.choices import AuditAction, MembershipRole
from authorities.models import Authority, Membership
from authorities.permissions import check_lead, is_lead
from authorities.services import audit
from cohorts.models import Cohort
from notifications.services import send_email_later

REVIEWERS_GROUP = "Reviewers"


class AccountError(Exception):
    """A request that cannot be carried out, with a message for the person who made it."""


def is_programme_team(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("accounts.add_invitation"))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _same_email(email: str):
    return get_user_model().objects.filter(email__iexact=email)


def invite_to_council(
    *, user, authority: Authority, email: str, role: str
) -> tuple[Invitation, str]:
    """Invite ``email`` to ``authority`` with ``role``: by its leads or the programme team.

    Returns the invitation and its token (the link's secret, sent only in the email)."""
    if not (is_programme_team(user) or is_lead(user=user, authority=authority)):
        raise PermissionDenied("Only the council's leads can invite its members.")
    if role not in MembershipRole.values:
        raise AccountError("Choose a role")
    email = email.strip()
    if Membership.objects.filter(authority=authority, user__email__iexact=email).exists():
        raise AccountError(f"{email} is already a member of {authority}")
    invitation, token = _create(user=user, email=email, authority=authority, role=role, cohort=None)
    audit(
        user=user,
        action=AuditAction.MEMBER_INVITED,
        authority=authority,
        detail=f"Invited {email} as {invitation.get_role_display().lower()}",
    )
    return invitation, token


def invite_reviewer(*, user, cohort: Cohort, email: str) -> tuple[Invitation, str]:
    """Invite ``email`` to review ``cohort``: by the programme team only."""
    if not is_programme_team(user):
        raise PermissionDenied("Only the programme team can invite reviewers.")
    email = email.strip()
    if cohort.reviewers.filter(email__iexact=email).exists():
        raise AccountError(f"{email} already reviews {cohort}")
    return _create(user=user, email=email, authority=None, role="", cohort=cohort)


def _create(*, user, email, authority, role, cohort) -> tuple[Invitation, str]:
    with transaction.atomic():
        # A new invitation to the same place replaces an unused one.
        Invitation.objects.filter(
            email__iexact=email,
            authority=authority,
            cohort=cohort,
            accepted_at__isnull=True,
            withdrawn_at__isnull=True,
        ).update(withdrawn_at=timezone.now())
        token = secrets.token_urlsafe(32)
        invitation = Invitation.objects.create(
            email=email,
            authority=authority,
            role=role,
            cohort=cohort,
            invited_by=user,
            token_hash=token_hash(token),
            expires_at=timezone.now() + INVITATION_LIFETIME,
        )
        link = reverse("accounts:accept_invitation", args=[token])
        inviter = display_name(user)
        send_email_later(
            to=email,
            subject="You have been invited to the Family Safeguarding adoption kit",
            body=(
                f"{inviter} has invited you to join {invitation.place} on the Family "
                "Safeguarding adoption kit.\n\n"
                "Use this link to accept and choose your password. It works once, for 7 days:\n"
                f"{_absolute(link)}\n\n"
                "If you were not expecting this, you can ignore this email."
            ),
        )
    return invitation, token


def _absolute(path: str) -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL}{path}"


def find_invitation(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("authority", "cohort")
        .filter(token_hash=token_hash(token))
        .first()
    )


def invitation_problem(invitation: Invitation | None) -> str | None:
    """Why a link cannot be used, in words for the person holding it; None if it can."""
    if invitation is None:
        return "This invitation link is not valid. Check you copied the whole link from the email."
    if invitation.accepted_at:
        return "This invitation has already been used. Sign in with the account it created."
    if invitation.withdrawn_at:
        return "This invitation has been replaced or withdrawn. Use the newest email you were sent."
    if invitation.expires_at <= timezone.now():
        return "This invitation has expired. Ask the person who invited you to send a new one."
    return None


def account_exists_for(invitation: Invitation) -> bool:
    return _same_email(invitation.email).exists()


@transaction.atomic
def accept_invitation(
    *, token: str, user=None, first_name: str = "", last_name: str = "", password: str = ""
):
    """Use the invitation: create the account (or use the signed-in one) and give its place.

    Returns the user. An account with the invited address must be signed in to accept.
    """
    invitation = Invitation.objects.select_for_update().filter(token_hash=token_hash(token)).first()
    problem = invitation_problem(invitation)
    if problem:
        raise AccountError(problem)
    if user is not None and user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            raise AccountError(
                f"This invitation is for {invitation.email}. Sign out, then open the link again."
            )
    else:
        if _same_email(invitation.email).exists():
            raise AccountError(
                f"An account already uses {invitation.email}. Sign in to accept the invitation."
            )
        user = get_user_model().objects.create_user(
            username=invitation.email.lower(),
            email=invitation.email,
            password=password,
            first_name=first_name,
            last_name=last_name,
        )
    if invitation.authority_id:
        membership, created = Membership.objects.get_or_create(
            user=user, authority=invitation.authority, defaults={"role": invitation.role}
        )
        if not created:
            raise AccountError(f"You are already a member of {invitation.authority}.")
        audit(
            user=user,
            action=AuditAction.MEMBER_JOINED,
            authority=invitation.authority,
            detail=f"Joined as {membership.get_role_display().lower()}",
        )
    else:
        user.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])
        invitation.cohort.reviewers.add(user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


def _other_leads(membership: Membership):
    return Membership.objects.filter(
        authority_id=membership.authority_id, role=MembershipRole.LEAD
    ).exclude(pk=membership.pk)


@transaction.atomic
def change_role(*, user, membership: Membership, role: str) -> Membership:
    check_lead(
        user=user,
        authority=membership.authority_id,
        message="Only the council's leads can change its members' roles.",
    )
    if role not in MembershipRole.values:
        raise AccountError("Choose a role")
    if role == membership.role:
        return membership
    if membership.role == MembershipRole.LEAD and not _other_leads(membership).exists():
        raise AccountError(
            f"{display_name(membership.user)} is the council's only lead. Make someone else a lead first."
        )
    membership.role = role
    membership.save(update_fields=["role"])
    audit(
        user=user,
        action=AuditAction.MEMBER_ROLE_CHANGED,
        authority=membership.authority_id,
        detail=f"Made {display_name(membership.user)} a {membership.get_role_display().lower()}",
    )
    return membership


@transaction.atomic
def remove_member(*, user, membership: Membership) -> None:
    """End the member's access at once. Their account and everything they wrote stay."""
    check_lead(
        user=user,
        authority=membership.authority_id,
        message="Only the council's leads can remove its members.",
    )
    if membership.role == MembershipRole.LEAD and not _other_leads(membership).exists():
        raise AccountError(
            f"{display_name(membership.user)} is the council's only lead and cannot be removed. "
            "Make someone else a lead first."
        )
    membership.delete()
    audit(
        user=user,
        action=AuditAction.MEMBER_REMOVED,
        authority=membership.authority_id,
        detail=f"Removed {display_name(membership.user)}",
    )


def display_name(user) -> str:
    """How a person is named on pages and in the trail: their full name, else their username."""
    return user.get_full_name() or user.get_username()
