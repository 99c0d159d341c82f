"""Writes to the audit trail: every change to a council's data, and every download of it."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from authorities.models import AuditEvent, Authority

MAX_DETAIL = AuditEvent._meta.get_field("detail").max_length


def audit(
    *,
    user,
    action: str,
    authority: Authority | int,
    subject: models.Model | None = None,
    detail: str = "",
) -> AuditEvent:
    """One event on ``authority``'s trail, about ``subject`` (an assessment, say) if given."""
    return AuditEvent.objects.create(
        authority_id=authority if isinstance(authority, int) else authority.pk,
        subject_type=None if subject is None else ContentType.objects.get_for_model(subject),
        subject_id=None if subject is None else subject.pk,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        detail=detail[:MAX_DETAIL],
    )


def audit_councils(*, user, action: str, authority_ids: Iterable[int], detail: str) -> None:
    """The same event on each council's trail (an export of several councils), in one query."""
    AuditEvent.objects.bulk_create(
        AuditEvent(authority_id=authority_id, user=user, action=action, detail=detail[:MAX_DETAIL])
        for authority_id in authority_ids
    )
