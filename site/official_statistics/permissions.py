"""Who may import official statistics, decided here and nowhere else.

Superusers, and anyone given the "Can import official statistics" permission (in the Wagtail
admin: a group such as Statistics managers, or the person). Reviewing a cohort, staff status or
a council membership gives nothing.
"""

from django.core.exceptions import PermissionDenied

IMPORT_PERMISSION = "official_statistics.manage_statistics"


def can_import_statistics(*, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or user.has_perm(IMPORT_PERMISSION)


def check_import_statistics(*, user) -> None:
    if not can_import_statistics(user=user):
        raise PermissionDenied(
            "Only statistics managers and administrators import official statistics."
        )
