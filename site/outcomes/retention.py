"""How long the notes on councils' local returns are kept, and deleting those kept longer
(apply_retention).

A note is kept for RETENTION_YEARS whole years after the end of the quarter it is about; then
the note goes and the figure stays. Evidence files follow their own rule (fidelity.retention).
An uploaded statistics file that no task worker has imported within UNFINISHED_UPLOAD_KEEP is
given up on: its file is deleted and its record says why.
"""

import datetime

from django.db import transaction
from django.db.models import F, QuerySet

from authorities.choices import AuditAction
from authorities.services import audit
from core.choices import WorkStatus
from fidelity.retention import years_before
from outcomes import returns
from outcomes.models import LocalReturn, StatisticsUpload

# Imports take minutes at most: an upload still waiting or under way after this had no worker
# to run it, or its worker stopped (the import then changed nothing: it is one transaction).
UNFINISHED_UPLOAD_KEEP = datetime.timedelta(days=2)
UNFINISHED_UPLOAD_REASON = (
    "The file was not imported within 2 days of being uploaded, so it was deleted and nothing "
    "from it was imported. Upload it again."
)


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


def unfinished_statistics_uploads(*, now: datetime.datetime) -> QuerySet[StatisticsUpload]:
    """Uploads still waiting or under way UNFINISHED_UPLOAD_KEEP after they were made, oldest
    first."""
    return (
        StatisticsUpload.objects.filter(
            status__in=(WorkStatus.QUEUED, WorkStatus.RUNNING),
            created_at__lt=now - UNFINISHED_UPLOAD_KEEP,
        )
        .select_related("user")
        .order_by("created_at")
    )


def give_up_statistics_upload(*, upload: StatisticsUpload) -> None:
    """Delete the upload's file from storage and mark it failed, saying why."""
    if upload.file:
        upload.file.delete(save=False)
    upload.fail(UNFINISHED_UPLOAD_REASON, file="")
