from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from cohorts.exports import delete_answers_export, expired_answers_exports
from cohorts.selectors import answers_export_keep
from core.cookies import lifetime
from core.lockout import expired_attempts
from fidelity.retention import delete_expired_evidence_file, evidence_cutoff, expired_evidence_files
from outcomes import returns
from outcomes.retention import (
    UNFINISHED_UPLOAD_KEEP,
    delete_expired_return_note,
    expired_return_notes,
    first_quarter_kept,
    give_up_statistics_upload,
    unfinished_statistics_uploads,
)


def day(moment) -> str:
    return f"{moment.day} {moment:%B %Y}"


class Command(BaseCommand):
    help = (
        "List the evidence files and local-return notes kept longer than RETENTION_YEARS "
        "(evidence files: after their round was last worked on; notes: after their quarter "
        "ended), the records of failed sign-ins past their cool-off, and reviewers' answers files "
        "kept past ANSWERS_EXPORT_KEEP_HOURS, and uploaded statistics files no task worker imported "
        "within 2 days. Deletes nothing unless "
        "given --apply, which deletes them, the files from storage too, and records each "
        "evidence file or note deleted on the council's audit trail."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--apply", action="store_true", help="Delete what is listed (default: a dry run)."
        )

    def handle(self, *args, apply: bool, **options):
        years = settings.RETENTION_YEARS
        today = timezone.localdate()
        files = list(expired_evidence_files(today=today, years=years))
        notes = list(expired_return_notes(today=today, years=years))
        since = timezone.localtime(evidence_cutoff(today=today, years=years))
        first_kept = first_quarter_kept(today=today, years=years)
        sign_in_attempts = expired_attempts(now=timezone.now())

        self.stdout.write(f"Retention period: {years} year{'s' if years != 1 else ''}.")
        self.stdout.write(
            f"Evidence files of rounds last worked on before {day(since)}: {len(files)}"
        )
        for evidence in files:
            assessment = evidence.assessment
            self.stdout.write(
                f"  {assessment.authority.name}, {assessment.get_round_display()}: "
                f"{evidence.original_name} ({evidence.indicator.slug}), "
                f"round last worked on {day(timezone.localtime(evidence.round_last_activity))}"
            )
        self.stdout.write(
            f"Notes on local returns for quarters before {returns.quarter_label(first_kept)}: "
            f"{len(notes)}"
        )
        for local_return in notes:
            self.stdout.write(
                f"  {local_return.authority.name}, {returns.quarter_label(local_return.quarter)}: "
                f"{local_return.get_measure_display()}"
            )

        self.stdout.write(
            "Records of failed sign-ins past their "
            f"{lifetime(int(settings.AXES_COOLOFF_TIME.total_seconds()))}: "
            f"{sign_in_attempts.count()}"
        )

        answers_exports = list(expired_answers_exports(now=timezone.now()))
        keep_hours = int(answers_export_keep().total_seconds() // 3600)
        self.stdout.write(
            f"Answers files prepared for reviewers more than {keep_hours} hour"
            f"{'s' if keep_hours != 1 else ''} ago: {len(answers_exports)}"
        )

        uploads = list(unfinished_statistics_uploads(now=timezone.now()))
        self.stdout.write(
            f"Statistics files uploaded more than {UNFINISHED_UPLOAD_KEEP.days} days ago and "
            f"never imported: {len(uploads)}"
        )
        for upload in uploads:
            self.stdout.write(
                f"  {upload.file_name}, uploaded {day(timezone.localtime(upload.created_at))} "
                f"by {upload.user.get_username()} (upload {upload.pk})"
            )

        if not apply:
            self.stdout.write("Dry run: nothing was deleted. Run with --apply to delete these.")
            return
        for evidence in files:
            delete_expired_evidence_file(evidence=evidence)
        for local_return in notes:
            delete_expired_return_note(local_return=local_return)
        sign_in_attempts.delete()
        for export in answers_exports:
            delete_answers_export(export=export)
        for upload in uploads:
            give_up_statistics_upload(upload=upload)
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {len(files)} evidence file{'s' if len(files) != 1 else ''} and "
                f"{len(notes)} note{'s' if len(notes) != 1 else ''} on local returns."
                + (
                    f" Deleted {len(answers_exports)} answers file"
                    f"{'s' if len(answers_exports) != 1 else ''} of reviewers."
                    if answers_exports
                    else ""
                )
                + (
                    f" Deleted {len(uploads)} uploaded statistics file"
                    f"{'s' if len(uploads) != 1 else ''} never imported."
                    if uploads
                    else ""
                )
            )
        )
