"""How long councils' evidence files are kept, and deleting those kept longer (apply_retention).

A round's evidence files are kept for RETENTION_YEARS whole years after the last thing done on
the round: it was started, a section saved, a file added, it was submitted, a reviewer decided on
it or an action of its plan was updated. A submitted or validated round so counts from its
submission or decision (or later work on its plan), a draft nobody finished from its last save.
The privacy notice (core/privacy.html) says the same in words.
"""

import datetime

from django.db import transaction
from django.db.models import DateTimeField, F, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from authorities.choices import AuditAction
from authorities.services import audit
from fidelity.models import EvidenceFile, PlannedAction, ReviewDecision, Section


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` years earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _latest(rows: QuerySet, field: str) -> Coalesce:
    """The latest ``field`` of the round's ``rows``, or the round's start if it has none
    (SQLite's GREATEST is null if any argument is)."""
    rows = (
        rows.filter(assessment_id=OuterRef("assessment_id"))
        .order_by()
        .values("assessment_id")
        .annotate(latest=Max(field))
        .values("latest")
    )
    return Coalesce(Subquery(rows, output_field=DateTimeField()), F("assessment__created_at"))


def with_round_last_activity(files: QuerySet[EvidenceFile]) -> QuerySet[EvidenceFile]:
    """Each file with ``round_last_activity``: when its round was last worked on."""
    return files.annotate(
        round_last_activity=Greatest(
            F("assessment__created_at"),
            Coalesce(F("assessment__submitted_at"), F("assessment__created_at")),
            _latest(Section.objects.all(), "updated_at"),
            _latest(EvidenceFile.objects.all(), "uploaded_at"),
            _latest(ReviewDecision.objects.all(), "created_at"),
            # Not the rows the next round's submission adds to record where an untouched
            # action went (revision 0): nobody worked on those.
            _latest(PlannedAction.objects.exclude(revision=0), "updated_at"),
        )
    )


def evidence_cutoff(*, today: datetime.date, years: int) -> datetime.datetime:
    """Rounds last worked on before this moment have had their evidence kept long enough."""
    return timezone.make_aware(
        datetime.datetime.combine(years_before(today, years), datetime.time())
    )


def expired_evidence_files(*, today: datetime.date, years: int) -> QuerySet[EvidenceFile]:
    """Evidence files of rounds last worked on more than ``years`` years before ``today``,
    each with ``round_last_activity``, by council, round and upload."""
    return (
        with_round_last_activity(EvidenceFile.objects.all())
        .filter(round_last_activity__lt=evidence_cutoff(today=today, years=years))
        .select_related("assessment__authority", "indicator")
        .order_by("assessment__authority__name", "assessment__round", "uploaded_at", "pk")
    )


def delete_expired_evidence_file(*, evidence: EvidenceFile) -> None:
    """Delete a file kept past the retention period: its row (with an event on the council's
    trail, in one transaction), then the file in storage. A crash between the two leaves a file
    with no row, never a row with no file."""
    assessment = evidence.assessment
    name, storage = evidence.file.name, evidence.file.storage
    with transaction.atomic():
        audit(
            user=None,
            action=AuditAction.EVIDENCE_DELETED,
            authority=assessment.authority_id,
            subject=assessment,
            detail=(
                f"{evidence.original_name} ({evidence.indicator.title}): kept for the retention "
                "period"
            ),
        )
        evidence.delete()
    storage.delete(name)
