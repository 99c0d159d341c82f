"""The one access scope for council data: a user sees only the councils they belong to."""

from django.db.models import QuerySet

from authorities.choices import MembershipRole
from authorities.models import Authority


def authorities_for(*, user) -> QuerySet[Authority]:
    """Councils whose data ``user`` may read. Staff and editors get nothing extra."""
    if not user.is_authenticated:
        return Authority.objects.none()
    return Authority.objects.filter(memberships__user=user).distinct()


def is_lead(*, user, authority: Authority) -> bool:
    return (
        user.is_authenticated
        and authority.memberships.filter(user=user, role=MembershipRole.LEAD).exists()
    )
