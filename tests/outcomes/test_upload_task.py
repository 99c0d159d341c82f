"""An uploaded statistics file is imported by a background task: the upload keeps the file in
private storage and sends the uploader to a status page, which shows the work going on, then
what changed; a failed import says why and changes nothing; only the uploader sees the page."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client, TestCase
from django.urls import reverse

import pytest
from django_tasks_db.models import DBTaskResult

from core.background import private_storage
from core.choices import WorkStatus
from official_statistics import services as statistics_services
from official_statistics.models import Observation, StatisticsImport
from outcomes.models import StatisticsUpload
from outcomes.tasks import import_statistics_upload
from tests.outcomes.test_upload import GOOD_ROWS, URL, csv_file
from tests.pages import assert_not_cached
from tests.task_worker import database_backend, run_worker

pytestmark = pytest.mark.django_db

MANAGERS_GROUP = "Statistics managers"


@pytest.fixture(autouse=True)
def site(home_page):
    return home_page


def make_manager(username: str):
    user = get_user_model().objects.create_user(username, password="not-a-real-password")
    user.groups.add(Group.objects.get(name=MANAGERS_GROUP))
    return user


@pytest.fixture
def manager(db):
    return make_manager("manager")


@pytest.fixture
def signed_in(client, manager):
    client.force_login(manager)
    return client


def upload(client, lines, *, run: bool = True, dataset: str = "cin") -> StatisticsUpload:
    with TestCase.captureOnCommitCallbacks(execute=run):
        response = client.post(URL, {"file": csv_file(lines), "kind": "ees", "dataset": dataset})
    assert response.status_code == 302
    statistics_upload = StatisticsUpload.objects.latest("pk")
    assert response["Location"] == status_url(statistics_upload)
    statistics_upload.refresh_from_db()
    return statistics_upload


def status_url(statistics_upload) -> str:
    return reverse("statistics:upload_status", kwargs={"pk": statistics_upload.pk})


def test_the_upload_is_kept_privately_until_the_task_imports_it(signed_in):
    waiting = upload(signed_in, GOOD_ROWS, run=False)
    assert waiting.status == WorkStatus.QUEUED
    assert waiting.file.name.startswith("statistics-uploads/")
    assert private_storage().exists(waiting.file.name)
    assert not Observation.objects.exists()

    response = signed_in.get(status_url(waiting))
    assert_not_cached(response)
    html = response.content.decode()
    assert "<title>Importing cin.csv" in html
    assert "Waiting to start" in html
    assert f'href="{status_url(waiting)}"' in html and "Check again" in html
    assert 'http-equiv="refresh"' not in html  # the page never reloads by itself


def test_progress_is_shown_while_the_lines_are_read(signed_in):
    waiting = upload(signed_in, GOOD_ROWS, run=False)
    waiting.start(step="Checking the file", total=400)
    waiting.move_to(step="Checking the file", done=100, total=400)
    html = signed_in.get(status_url(waiting)).content.decode()
    assert "Under way" in html
    assert "Checking the file" in html
    assert "100 of 400 lines (25%)" in html


def test_when_done_the_page_shows_what_changed_and_the_file_is_deleted(signed_in):
    done = upload(signed_in, GOOD_ROWS)
    assert done.status == WorkStatus.DONE
    assert not done.file
    assert (done.done, done.total) == (6, 6)  # the last step: saving the observations read
    assert done.report["created"] == 6
    assert Observation.objects.filter(dataset="cin").count() == 6
    html = signed_in.get(status_url(done)).content.decode()
    assert "Statistics imported" in html
    assert 'id="created">6<' in html


def test_the_import_is_run_by_the_database_backends_worker(signed_in, monkeypatch):
    with database_backend():
        waiting = upload(signed_in, GOOD_ROWS)
        assert waiting.status == WorkStatus.QUEUED  # stored for a worker, not run
        task = DBTaskResult.objects.get()
        assert waiting.task_id == str(task.id)
        assert not Observation.objects.exists()
        run_worker(monkeypatch)
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    waiting.refresh_from_db()
    assert waiting.status == WorkStatus.DONE
    assert Observation.objects.filter(dataset="cin").count() == 6
    assert "Statistics imported" in signed_in.get(status_url(waiting)).content.decode()


def test_a_broken_file_run_by_the_worker_changes_nothing_and_says_why(signed_in, monkeypatch):
    upload(signed_in, GOOD_ROWS)
    before = sorted(Observation.objects.values_list("measure", "area_code", "period", "value"))
    broken = [*GOOD_ROWS[:2], GOOD_ROWS[2].replace("5848", "6000"), GOOD_ROWS[3] + ",extra"]
    with database_backend():
        failed = upload(signed_in, broken)
        run_worker(monkeypatch)
    failed.refresh_from_db()
    assert failed.status == WorkStatus.FAILED
    assert failed.failure == (
        "The file has 1 problem and nothing from it was imported. Correct the file and upload "
        "it again."
    )
    assert failed.problems == ["Line 4: 14 fields where the header has 13"]
    assert not failed.file
    assert (
        sorted(Observation.objects.values_list("measure", "area_code", "period", "value")) == before
    )
    assert StatisticsImport.objects.count() == 1
    html = signed_in.get(status_url(failed)).content.decode()
    assert "<title>Error: cin.csv not imported" in html
    assert "Line 4: 14 fields where the header has 13" in html
    assert "the statistics are as they were before the upload" in html


def test_an_error_in_the_service_says_so_plainly_and_changes_nothing(
    signed_in, monkeypatch, caplog
):
    original = statistics_services._record_import

    def fail_after_writing(**kwargs):
        original(**kwargs)
        raise RuntimeError("disk full")  # after the observations were written: rolled back

    monkeypatch.setattr(statistics_services, "_record_import", fail_after_writing)
    with caplog.at_level("ERROR", logger="outcomes.upload"):
        failed = upload(signed_in, GOOD_ROWS)
    assert failed.status == WorkStatus.FAILED
    assert "Statistics upload" in caplog.text
    assert not Observation.objects.exists()
    assert not StatisticsImport.objects.exists()
    assert not failed.file
    html = signed_in.get(status_url(failed)).content.decode()
    assert "The import failed" in html
    assert f"give them the upload number {failed.pk}." in html
    assert "disk full" not in html and "Traceback" not in html


def test_a_task_run_twice_imports_once(signed_in):
    done = upload(signed_in, GOOD_ROWS)
    import_statistics_upload.call(upload_id=done.pk)
    assert StatisticsImport.objects.count() == 1


@pytest.mark.parametrize(
    "who", ["other_manager", "no_longer_manager", "signed_in_user", "anonymous"]
)
def test_only_the_uploader_follows_the_import(signed_in, manager, who):
    done = upload(signed_in, GOOD_ROWS)
    other = Client()
    if who == "other_manager":
        other.force_login(make_manager("other-manager"))
    elif who == "no_longer_manager":
        manager.groups.clear()
        other.force_login(manager)
    elif who == "signed_in_user":
        other.force_login(
            get_user_model().objects.create_user("someone", password="not-a-real-password")
        )
    response = other.get(status_url(done))
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == 404
        assert_not_cached(response)
