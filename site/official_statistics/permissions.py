"""Who may import official statistics, decided here and nowhere else.

Superusers, and anyone given the "Can import official statistics" permission (in the Wagtail
admin: a group such as Statistics managers, or the person). Reviewing a cohort, staff status or
a council membership gives nothing.
"""

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q

IMPORT_PERMISSION = "official_statistics.manage_statistics"


def can_import_statistics(*, user) -> bool:
    """What ``user.has_perm(IMPORT_PERMISSION)`` says, in one query rather than two, and asked
    once per request (every page's navigation asks)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_can_import_statistics"):
        app_label, codename = IMPORT_PERMISSION.split(".")
        user._can_import_statistics = (
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            .filter(Q(user=user) | Q(group__user=user))
            .exists()
        )
    return user._can_import_statistics


def check_import_statistics(*, user) -> None:
    if not can_import_statistics(user=user):
        raise PermissionDenied(
            "Only statistics managers and administrators import official statistics."
        )
