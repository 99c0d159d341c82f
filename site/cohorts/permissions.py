"""Who may review what, decided here and nowhere else.

A reviewer is a user assigned to at least one cohort: they read the councils of their cohorts
and validate or return those councils' submissions. Membership of the Reviewers group only
says who the programme team may assign (Cohort.reviewers); by itself it gives nothing.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, QuerySet

from authorities.models import Authority
from authorities.permissions import authorities_for, is_member
from cohorts.models import Cohort


def cohorts_for(*, user) -> QuerySet[Cohort]:
    """The cohorts ``user`` reviews."""
    if not user.is_authenticated:
        return Cohort.objects.none()
    return Cohort.objects.filter(reviewers=user)


def is_reviewer(*, user) -> bool:
    return cohorts_for(user=user).exists()


def reviewed_authorities(*, user) -> QuerySet[Authority]:
    """Councils whose data ``user`` may read as a reviewer."""
    return Authority.objects.filter(cohorts__in=cohorts_for(user=user)).distinct()


def check_reviewer(*, user, cohort: Cohort, authority: Authority | int) -> None:
    """PermissionDenied unless ``user`` reviews ``cohort`` and the council is in it. A member of
    the council never reviews it, even if assigned to its cohort."""
    authority_pk = authority if isinstance(authority, int) else authority.pk
    if not (
        cohorts_for(user=user).filter(pk=cohort.pk).exists()
        and cohort.councils.filter(pk=authority_pk).exists()
    ):
        raise PermissionDenied("Only the cohort's reviewers can do this.")
    if is_member(user=user, authority=authority_pk):
        raise PermissionDenied("A member of the council cannot review its own submission.")


def navigation_roles(request) -> tuple[bool, bool]:
    """(is a council member, is a reviewer) for the signed-in user, worked out once per request
    however many apps' navigation links ask."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False, False
    roles = getattr(request, "_navigation_roles", None)
    if roles is None:
        # One query for both, as every page's navigation asks.
        flags = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .values(
                member=Exists(authorities_for(user=user)), reviewer=Exists(cohorts_for(user=user))
            )
            .get()
        )
        roles = (flags["member"], flags["reviewer"])
        request._navigation_roles = roles
    return roles
