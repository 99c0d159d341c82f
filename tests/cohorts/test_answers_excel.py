"""Every answer of a cohort as Excel, made by a background task: the reviewer asks, a status
page shows the work going on, then offers the file to them alone; a failure says why and keeps
nothing; the file is deleted after its keeping time."""

import datetime
import io

from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from authorities.choices import AuditAction
from authorities.models import AuditEvent
from cohorts import exports
from cohorts.models import AnswersExport
from core.background import private_storage
from core.choices import WorkStatus
from tests.authorities.factories import UserFactory
from tests.task_worker import database_backend, run_worker

pytestmark = pytest.mark.django_db


def start_url(cohort) -> str:
    return reverse("review_exports:answers_xlsx", kwargs={"cohort_pk": cohort.pk})


def status_url(export) -> str:
    return reverse(
        "review_exports:answers_xlsx_status",
        kwargs={"cohort_pk": export.cohort_id, "pk": export.pk},
    )


def download_url(export) -> str:
    return reverse(
        "review_exports:answers_xlsx_download",
        kwargs={"cohort_pk": export.cohort_id, "pk": export.pk},
    )


def prepare(client, cohort, *, run: bool = True) -> AnswersExport:
    """Ask for the file; with ``run``, the commit enqueues its task, which the test settings'
    immediate backend runs at once."""
    with TestCase.captureOnCommitCallbacks(execute=run):
        response = client.post(start_url(cohort))
    assert response.status_code == 302
    export = AnswersExport.objects.get()
    assert response["Location"] == status_url(export)
    export.refresh_from_db()
    return export


def downloaded_workbook(response):
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert "no-store" in response["Cache-Control"]
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_the_reviewer_prepares_the_file_then_downloads_it(client, api_world):
    client.force_login(api_world.reviewer)
    page = client.get(start_url(api_world.cohort)).content.decode()
    assert "Prepare the file" in page
    assert "Only you can download the file you prepare" in page

    export = prepare(client, api_world.cohort)
    assert export.status == WorkStatus.DONE
    assert export.total == export.done == 3 * api_world.indicator_count
    assert private_storage().exists(export.file.name)
    assert sorted(export.authority_ids) == sorted(
        [api_world.cohort.councils.get(name=n).pk for n in ("Luton", "West Berkshire")]
    )
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORTED).exists()

    status = client.get(status_url(export))
    html = status.content.decode()
    assert "Your Excel file is ready" in html
    assert download_url(export) in html
    assert "private" in status["Cache-Control"]

    response = client.get(download_url(export))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="innovation-programme-2017-answers.xlsx"'
    )
    workbook = downloaded_workbook(response)
    assert workbook.sheetnames == ["Answers", "Data dictionary"]
    assert workbook["Answers"].max_row == 1 + 3 * api_world.indicator_count
    events = AuditEvent.objects.filter(action=AuditAction.EXPORTED)
    assert sorted(e.authority.name for e in events) == ["Luton", "West Berkshire"]
    assert {e.detail for e in events} == {"Answers of Innovation Programme 2017 (XLSX)"}
    assert "Files you have asked for" in client.get(start_url(api_world.cohort)).content.decode()


def test_until_the_task_runs_the_page_says_the_work_is_waiting(client, api_world):
    client.force_login(api_world.reviewer)
    export = prepare(client, api_world.cohort, run=False)
    html = client.get(status_url(export)).content.decode()
    assert "Preparing your Excel file" in html
    assert "Waiting to start" in html
    assert f'href="{status_url(export)}"' in html and "Check again" in html
    assert download_url(export) not in html
    assert client.get(download_url(export)).status_code == 404

    # Asking again while it waits gives the same file, not a second one.
    with TestCase.captureOnCommitCallbacks(execute=False):
        again = client.post(start_url(api_world.cohort))
    assert again["Location"] == status_url(export)
    assert AnswersExport.objects.count() == 1


def test_progress_is_shown_while_the_rows_are_written(client, api_world):
    client.force_login(api_world.reviewer)
    export = prepare(client, api_world.cohort, run=False)
    export.start(step="Reading the answers")
    export.move_to(step="Writing the spreadsheet", done=10, total=40)
    html = client.get(status_url(export)).content.decode()
    assert "Under way" in html
    assert "Writing the spreadsheet" in html
    assert "10 of 40 rows (25%)" in html


def test_the_file_is_made_by_the_database_backends_worker(client, api_world, monkeypatch):
    client.force_login(api_world.reviewer)
    with database_backend():
        export = prepare(client, api_world.cohort)
        assert export.status == WorkStatus.QUEUED  # stored for a worker, not run
        task = DBTaskResult.objects.get()
        assert export.task_id == str(task.id)
        assert "Waiting to start" in client.get(status_url(export)).content.decode()
        run_worker(monkeypatch)
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    export.refresh_from_db()
    assert export.status == WorkStatus.DONE
    workbook = downloaded_workbook(client.get(download_url(export)))
    assert workbook["Answers"].max_row == 1 + 3 * api_world.indicator_count


def test_a_failure_says_why_and_keeps_no_file(client, api_world, monkeypatch, caplog):
    def broken(cohort):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(exports, "answers_table", broken)
    client.force_login(api_world.reviewer)
    with caplog.at_level("ERROR", logger="cohorts.exports"):
        export = prepare(client, api_world.cohort)
    assert export.status == WorkStatus.FAILED
    assert not export.file
    assert "Answers export" in caplog.text
    html = client.get(status_url(export)).content.decode()
    assert "<title>Error: The Excel file could not be made" in html
    assert f"give them the export number {export.pk}." in html
    assert "the database went away" not in html  # no traceback for the reader
    assert client.get(download_url(export)).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORTED).exists()


def test_a_reviewer_taken_off_the_cohort_before_the_task_runs_gets_no_file(client, api_world):
    client.force_login(api_world.reviewer)
    export = prepare(client, api_world.cohort, run=False)
    api_world.cohort.reviewers.remove(api_world.reviewer)
    exports.build_answers_export(export=export)
    export.refresh_from_db()
    assert export.status == WorkStatus.FAILED
    assert export.failure == "You no longer review this cohort, so its answers were not exported."
    assert not export.file


@pytest.mark.parametrize("who", ["co_reviewer", "elsewhere_reviewer", "council_lead", "removed"])
def test_only_the_reviewer_who_asked_sees_the_file(client, api_world, who):
    client.force_login(api_world.reviewer)
    export = prepare(client, api_world.cohort)
    co_reviewer = UserFactory(username="co-reviewer")
    api_world.cohort.reviewers.add(co_reviewer)
    other = Client()
    if who == "removed":
        api_world.cohort.reviewers.remove(api_world.reviewer)
        other = client
    else:
        other.force_login(
            {
                "co_reviewer": co_reviewer,
                "elsewhere_reviewer": api_world.elsewhere_reviewer,
                "council_lead": api_world.wb_lead,
            }[who]
        )
    assert other.get(status_url(export)).status_code == 404
    assert other.get(download_url(export)).status_code == 404
    if who == "co_reviewer":
        assert (
            "Files you have asked for"
            not in other.get(start_url(api_world.cohort)).content.decode()
        )


def test_anonymous_people_are_sent_to_sign_in(client, api_world):
    reviewer = Client()
    reviewer.force_login(api_world.reviewer)
    export = prepare(reviewer, api_world.cohort)
    for url in (start_url(api_world.cohort), status_url(export), download_url(export)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert client.post(start_url(api_world.cohort)).status_code == 302
    assert AnswersExport.objects.count() == 1


def test_files_past_their_keeping_time_are_hidden_then_deleted(client, api_world, settings):
    settings.ANSWERS_EXPORT_KEEP_HOURS = 2
    client.force_login(api_world.reviewer)
    export = prepare(client, api_world.cohort)
    name = export.file.name
    AnswersExport.objects.filter(pk=export.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2, minutes=1)
    )
    assert client.get(download_url(export)).status_code == 404  # before retention runs

    output = io.StringIO()
    call_command("apply_retention", stdout=output)
    assert "Answers files prepared for reviewers more than 2 hours ago: 1" in output.getvalue()
    assert AnswersExport.objects.exists()
    call_command("apply_retention", "--apply", stdout=output)
    assert "Deleted 1 answers file of reviewers." in output.getvalue()
    assert not AnswersExport.objects.exists()
    assert not private_storage().exists(name)


def test_a_file_within_its_keeping_time_is_kept(client, api_world):
    client.force_login(api_world.reviewer)
    export = prepare(client, api_world.cohort)
    call_command("apply_retention", "--apply", stdout=io.StringIO())
    assert AnswersExport.objects.filter(pk=export.pk).exists()
    assert private_storage().exists(export.file.name)
