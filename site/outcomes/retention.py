"""How long the notes on councils' local returns are kept, and deleting those kept longer
(apply_retention).

A note is kept for RETENTION_YEARS whole years after the end of the quarter it is about; then
the note goes and the figure stays. Evidence files follow their own rule (fidelity.retention).
"""

import datetime

from django.db import transaction
from django.db.models import F, QuerySet

from authorities.choices import AuditAction
from authorities.services import audit
from fidelity.retention import years_before
from outcomes import returns
from outcomes.models import LocalReturn


def first_quarter_kept(*, today: datetime.date, years: int) -> datetime.date:
    """Quarters before this one ended more than ``years`` years before ``today``: a quarter
    ends before a given day exactly when it starts before the quarter holding that day."""
    return returns.quarter_start(years_before(today, years))


def expired_return_notes(*, today: datetime.date, years: int) -> QuerySet[LocalReturn]:
    """Local returns with a note, for quarters that ended more than ``years`` years before
    ``today``, by council, quarter and measure."""
    return (
        LocalReturn.objects.exclude(note="")
        .filter(quarter__lt=first_quarter_kept(today=today, years=years))
        .select_related("authority")
        .order_by("authority__name", "quarter", "measure")
    )


def delete_expired_return_note(*, local_return: LocalReturn) -> None:
    """Empty a note kept past the retention period, with an event on the council's trail.
    The figure, and who saved it when, are left as they were."""
    with transaction.atomic():
        # A new revision: a return form opened before is refused rather than putting it back.
        LocalReturn.objects.filter(pk=local_return.pk).update(note="", revision=F("revision") + 1)
        audit(
            user=None,
            action=AuditAction.RETURN_NOTE_DELETED,
            authority=local_return.authority_id,
            subject=local_return,
            detail=(
                f"{returns.quarter_code(local_return.quarter)}, "
                f"{local_return.get_measure_display()}: kept for the retention period"
            ),
        )
    local_return.note = ""
