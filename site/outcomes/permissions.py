"""Who may sign off a council's quarterly local returns, decided here and nowhere else.

Any member of a council saves its figures (authorities.permissions.check_member); only its
leads sign a quarter off or reopen it, as only they submit its fidelity assessment.
"""

from authorities.models import Authority
from authorities.permissions import check_lead, is_lead

SIGN_OFF_REFUSED = "Only the council's leads can sign off or reopen a quarter's return."


def can_sign_off(*, user, authority: Authority | int) -> bool:
    return is_lead(user=user, authority=authority)


def check_sign_off(*, user, authority: Authority | int) -> None:
    """PermissionDenied unless ``user`` is one of the council's leads."""
    check_lead(user=user, authority=authority, message=SIGN_OFF_REFUSED)
