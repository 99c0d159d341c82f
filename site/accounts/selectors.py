"""Reads for a person's account and their council's team."""

from django.db.models import QuerySet

from accounts.models import Invitation
from authorities.models import Membership
from cohorts.models import Cohort


def memberships_of(*, user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("authority")


def cohorts_reviewed_by(*, user) -> QuerySet[Cohort]:
    return Cohort.objects.filter(reviewers=user)


def team_of(*, authority) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(authority=authority)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )


def open_invitations(*, authority) -> list[Invitation]:
    return [
        invitation
        for invitation in Invitation.objects.filter(
            authority=authority, accepted_at__isnull=True, withdrawn_at__isnull=True
        )
        if invitation.is_open
    ]
