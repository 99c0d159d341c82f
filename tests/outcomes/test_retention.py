"""The retention period: apply_retention lists, and with --apply deletes, the evidence files and
local-return notes kept longer than RETENTION_YEARS, auditing each deletion."""

import datetime
from decimal import Decimal
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

import pytest

from authorities.choices import AuditAction
from authorities.models import AuditEvent
from core.choices import WorkStatus
from fidelity.choices import ReviewOutcome
from fidelity.models import Assessment, EvidenceFile, ReviewDecision, Section
from fidelity.retention import expired_evidence_files, years_before
from outcomes import returns
from outcomes.models import LocalReturn, StatisticsUpload
from outcomes.retention import expired_return_notes
from outcomes.services import start_statistics_upload
from tests.fidelity.factories import start_round, submitted_round

pytestmark = pytest.mark.django_db

NOW = timezone.now()
TODAY = timezone.localdate()
FOUR_YEARS_AGO = NOW - datetime.timedelta(days=4 * 366)
LAST_YEAR = NOW - datetime.timedelta(days=365)


def add_evidence(assessment, user, name: str) -> EvidenceFile:
    return EvidenceFile.objects.create(
        assessment=assessment,
        indicator=assessment.framework.indicators.first(),
        file=ContentFile(b"%PDF-1.7\n", name=name),
        original_name=name,
        content_type="application/pdf",
        size=9,
        uploaded_by=user,
    )


def last_worked_on(assessment, when) -> None:
    """Everything done on the round so far happened at ``when``."""
    Assessment.objects.filter(pk=assessment.pk).update(
        created_at=when, submitted_at=when if assessment.submitted_at else None
    )
    Section.objects.filter(assessment=assessment).update(updated_at=when)
    EvidenceFile.objects.filter(assessment=assessment).update(uploaded_at=when)


def run(*args) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def rounds(framework, west_berkshire, wb_lead, luton, luton_lead):
    """Evidence on four rounds: two left alone for four years (a submitted baseline, a draft),
    one submitted last year, and one submitted four years ago but validated last year."""
    old_submitted = submitted_round(west_berkshire, wb_lead, round=0)
    old_file = add_evidence(old_submitted, wb_lead, "old-minutes.pdf")
    last_worked_on(old_submitted, FOUR_YEARS_AGO)

    abandoned = start_round(luton, luton_lead, round=0)
    abandoned_file = add_evidence(abandoned, luton_lead, "abandoned-draft.pdf")
    last_worked_on(abandoned, FOUR_YEARS_AGO)

    recent = submitted_round(west_berkshire, wb_lead, round=6)
    recent_file = add_evidence(recent, wb_lead, "recent-minutes.pdf")
    last_worked_on(recent, LAST_YEAR)

    validated_late = submitted_round(luton, luton_lead, round=6)
    validated_file = add_evidence(validated_late, luton_lead, "validated-later.pdf")
    last_worked_on(validated_late, FOUR_YEARS_AGO)
    decision = ReviewDecision.objects.create(
        assessment=validated_late, outcome=ReviewOutcome.VALIDATED
    )
    ReviewDecision.objects.filter(pk=decision.pk).update(created_at=LAST_YEAR)
    return {
        "expired": [old_file, abandoned_file],
        "kept": [recent_file, validated_file],
    }


@pytest.fixture
def notes(west_berkshire):
    """Notes on the quarter before the one holding the day three years ago (it ended more than
    three years ago) and on that quarter itself (it did not), and a figure with no note."""
    boundary = returns.quarter_start(years_before(TODAY, 3))
    before = returns.quarter_start(boundary - datetime.timedelta(days=1))
    older = returns.quarter_start(before - datetime.timedelta(days=1))

    def saved(quarter, measure, note):
        return LocalReturn.objects.create(
            authority=west_berkshire, quarter=quarter, measure=measure, value=12, note=note
        )

    return {
        "expired": saved(before, "families_worked_with", "Counted by hand."),
        "kept": saved(boundary, "families_worked_with", "From the case system."),
        "no_note": saved(older, "days_in_care", ""),
    }


def test_years_before_keeps_the_day_and_moves_29_february():
    assert years_before(datetime.date(2026, 3, 31), 3) == datetime.date(2023, 3, 31)
    assert years_before(datetime.date(2024, 2, 29), 3) == datetime.date(2021, 2, 28)


def test_the_evidence_of_rounds_last_worked_on_long_ago_has_expired(rounds):
    expired = expired_evidence_files(today=TODAY, years=3)
    assert {f.pk for f in expired} == {f.pk for f in rounds["expired"]}
    assert {f.pk for f in expired_evidence_files(today=TODAY, years=5)} == set()


def test_a_later_update_to_the_action_plan_keeps_a_rounds_evidence(rounds, wb_lead):
    old_file = rounds["expired"][0]
    # The 6-month round's submission recorded where the baseline's actions went (revision 0);
    # a person's update is saved over that row.
    old_file.assessment.planned_actions.update_or_create(
        indicator=old_file.indicator,
        defaults={"status": "in-progress", "updated_by": wb_lead, "revision": 1},
    )
    assert old_file not in expired_evidence_files(today=TODAY, years=3)


def test_notes_of_quarters_that_ended_more_than_the_period_ago_have_expired(notes):
    assert list(expired_return_notes(today=TODAY, years=3)) == [notes["expired"]]
    assert list(expired_return_notes(today=TODAY, years=10)) == []


def test_a_dry_run_lists_what_would_go_and_deletes_nothing(rounds, notes):
    output = run()

    assert "Retention period: 3 years." in output
    assert "West Berkshire, Baseline: old-minutes.pdf" in output
    assert "Luton, Baseline: abandoned-draft.pdf" in output
    assert "recent-minutes.pdf" not in output and "validated-later.pdf" not in output
    assert f"West Berkshire, {returns.quarter_label(notes['expired'].quarter)}" in output
    assert f"West Berkshire, {returns.quarter_label(notes['kept'].quarter)}" not in output
    assert "Dry run: nothing was deleted" in output

    assert EvidenceFile.objects.count() == 4
    for evidence in rounds["expired"]:
        assert evidence.file.storage.exists(evidence.file.name)
    assert LocalReturn.objects.get(pk=notes["expired"].pk).note == "Counted by hand."
    assert not AuditEvent.objects.filter(
        action__in=[AuditAction.EVIDENCE_DELETED, AuditAction.RETURN_NOTE_DELETED]
    ).exists()


def test_apply_deletes_the_expired_files_and_notes_and_audits_each(rounds, notes):
    output = run("--apply")

    assert "Deleted 2 evidence files and 1 note on local returns." in output
    for evidence in rounds["expired"]:
        assert not EvidenceFile.objects.filter(pk=evidence.pk).exists()
        assert not evidence.file.storage.exists(evidence.file.name)
        event = AuditEvent.objects.get(
            action=AuditAction.EVIDENCE_DELETED, subject_id=evidence.assessment_id
        )
        assert event.authority_id == evidence.assessment.authority_id
        assert event.user is None
        assert evidence.original_name in event.detail
    # Only the files went: the rounds, their answers and notes are the council's record.
    assert Assessment.objects.filter(pk=rounds["expired"][0].assessment_id).exists()

    expired = LocalReturn.objects.get(pk=notes["expired"].pk)
    assert expired.note == "" and expired.value == Decimal(12)
    event = AuditEvent.objects.get(action=AuditAction.RETURN_NOTE_DELETED)
    assert (event.authority_id, event.subject_id) == (expired.authority_id, expired.pk)
    assert returns.quarter_code(expired.quarter) in event.detail


def test_apply_leaves_recent_data_alone(rounds, notes):
    run("--apply")

    for evidence in rounds["kept"]:
        assert EvidenceFile.objects.filter(pk=evidence.pk).exists()
        assert evidence.file.storage.exists(evidence.file.name)
    assert LocalReturn.objects.get(pk=notes["kept"].pk).note == "From the case system."
    assert LocalReturn.objects.filter(pk=notes["no_note"].pk).exists()
    assert "Deleted 0 evidence files and 0 notes" in run("--apply")


def test_the_period_is_read_from_the_settings(rounds, notes, settings):
    settings.RETENTION_YEARS = 5

    output = run("--apply")

    assert "Retention period: 5 years." in output
    assert "Deleted 0 evidence files and 0 notes on local returns." in output
    assert EvidenceFile.objects.count() == 4


@pytest.fixture
def statistics_manager(db):
    user = get_user_model().objects.create_user("manager", password="not-a-real-password")
    user.groups.add(Group.objects.get(name="Statistics managers"))  # made by a migration
    return user


def uploaded(user, name: str, *, days_ago: int, status=WorkStatus.QUEUED) -> StatisticsUpload:
    """An upload as the page leaves it, its import task never run (no worker)."""
    upload = start_statistics_upload(
        user=user, kind="ees", content=b"time_period,geographic_level\n", file_name=name
    )
    StatisticsUpload.objects.filter(pk=upload.pk).update(
        created_at=NOW - datetime.timedelta(days=days_ago), status=status
    )
    upload.refresh_from_db()
    return upload


def test_uploads_no_worker_imported_are_given_up_after_two_days(statistics_manager):
    stale = uploaded(statistics_manager, "cla.csv", days_ago=3)
    stopped = uploaded(statistics_manager, "cin.csv", days_ago=5, status=WorkStatus.RUNNING)
    recent = uploaded(statistics_manager, "cpp.csv", days_ago=1)
    finished = uploaded(statistics_manager, "old.csv", days_ago=30, status=WorkStatus.DONE)
    storage = stale.file.storage
    stale_path, stopped_path = stale.file.name, stopped.file.name

    listed = run()
    assert "Statistics files uploaded more than 2 days ago and never imported: 2" in listed
    assert "cla.csv" in listed and "cin.csv" in listed and "cpp.csv" not in listed
    assert storage.exists(stale_path)  # a dry run deletes nothing

    assert "Deleted 2 uploaded statistics files never imported." in run("--apply")
    for upload in (stale, stopped):
        upload.refresh_from_db()
        assert upload.status == WorkStatus.FAILED and not upload.file
        assert upload.failure.startswith("The file was not imported within 2 days")
    assert not storage.exists(stale_path) and not storage.exists(stopped_path)
    recent.refresh_from_db()
    finished.refresh_from_db()
    assert recent.status == WorkStatus.QUEUED and storage.exists(recent.file.name)
    assert finished.status == WorkStatus.DONE
