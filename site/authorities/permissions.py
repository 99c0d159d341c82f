"""Who may do what with a council's data, decided here and nowhere else.

A council's members read and change its data; its leads also sign it off. Staff, superusers
and editors get nothing extra: they run the site, they are not the council. Services call these
checks themselves, so no view can forget one.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from authorities.choices import MembershipRole
from authorities.models import Authority, Membership


def authorities_for(*, user) -> QuerySet[Authority]:
    """The councils whose data ``user`` may read and change: those they are a member of."""
    if not user.is_authenticated:
        return Authority.objects.none()
    return Authority.objects.filter(memberships__user=user).distinct()


def is_member(*, user, authority: Authority | int) -> bool:
    return authorities_for(user=user).filter(pk=_pk(authority)).exists()


def is_lead(*, user, authority: Authority | int) -> bool:
    return (
        user.is_authenticated
        and Authority.objects.filter(
            pk=_pk(authority), memberships__user=user, memberships__role=MembershipRole.LEAD
        ).exists()
    )


def leads_a_council(*, user) -> bool:
    """Whether ``user`` is a lead of any council."""
    return (
        user.is_authenticated
        and Membership.objects.filter(user=user, role=MembershipRole.LEAD).exists()
    )


def check_member(*, user, authority: Authority | int) -> None:
    """PermissionDenied unless ``user`` belongs to the council."""
    if not is_member(user=user, authority=authority):
        raise PermissionDenied("Only the council's members can do this.")


def check_lead(*, user, authority: Authority | int, message: str) -> None:
    """PermissionDenied, saying ``message``, unless ``user`` is one of the council's leads."""
    if not is_lead(user=user, authority=authority):
        raise PermissionDenied(message)


def _pk(authority: Authority | int) -> int:
    return authority if isinstance(authority, int) else authority.pk
