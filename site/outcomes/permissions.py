"""Who may upload official statistics through the site, and who may export a person's data,
decided here and nowhere else.

Reviewers (users assigned to a cohort: cohorts.permissions) and superusers keep the published
figures up to date. Membership of the Reviewers group alone gives nothing, nor do staff status or
a council membership.
"""

from django.core.exceptions import PermissionDenied

from cohorts.permissions import is_reviewer


def can_upload_statistics(*, user, reviewer: bool | None = None) -> bool:
    """``reviewer``: whether the user reviews a cohort, when the caller already knows (the
    navigation works it out once per request)."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or (is_reviewer(user=user) if reviewer is None else reviewer)


def check_upload_statistics(*, user) -> None:
    if not can_upload_statistics(user=user):
        raise PermissionDenied("Only reviewers and administrators upload official statistics.")
