"""Email through GOV.UK Notify (a local stand-in speaking its API) and through Django's outbox."""

from django.core import mail
from django.core.mail import EmailMessage

import pytest
from django_tasks_db.models import DBTaskResult

from notifications.choices import NotificationKind
from notifications.models import Notification
from notifications.services import notify, send_email_later, set_reminders
from tests.authorities.factories import UserFactory
from tests.task_worker import database_backend, run_worker


def test_the_notify_backend_sends_subject_and_body_to_notify(notify_stand_in):
    sent = EmailMessage("A subject", "A body\nwith lines", to=["lead@example.gov.uk"]).send()

    assert sent == 1
    assert notify_stand_in.sent == [
        {
            "email_address": "lead@example.gov.uk",
            "template_id": notify_stand_in_template(),
            "personalisation": {"subject": "A subject", "body": "A body\nwith lines"},
        }
    ]


def notify_stand_in_template():
    from django.conf import settings

    return settings.NOTIFY_EMAIL_TEMPLATE_ID


def test_a_wrong_key_is_refused_by_notify_and_raised(notify_stand_in, settings):
    from notifications_python_client.errors import HTTPError

    settings.NOTIFY_API_KEY = "test-key-11111111-2222-3333-4444-555555555555-" + "0" * 36
    with pytest.raises(HTTPError) as refused:
        EmailMessage("A subject", "A body", to=["lead@example.gov.uk"]).send()
    assert refused.value.status_code == 403
    assert notify_stand_in.sent == []
    # fail_silently keeps quiet and counts nothing sent
    assert EmailMessage("A", "B", to=["lead@example.gov.uk"]).send(fail_silently=True) == 0


@pytest.mark.django_db
def test_a_notification_is_listed_and_emailed_through_notify_after_commit(
    notify_stand_in, django_capture_on_commit_callbacks
):
    person = UserFactory(username="lead", email="lead@example.gov.uk")
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[person],
            kind=NotificationKind.VALIDATED,
            subject="Validated",
            body="Well done",
            link="/assessments/1/results/",
        )

    notification = Notification.objects.get(recipient=person)
    assert notification.emailed_at is not None
    [email] = notify_stand_in.sent
    assert email["personalisation"]["subject"] == "Validated"
    assert email["personalisation"]["body"].endswith("http://testserver/assessments/1/results/")


@pytest.mark.django_db
def test_nothing_is_emailed_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    person = UserFactory(username="lead", email="lead@example.gov.uk")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipients=[person], kind=NotificationKind.SUBMITTED, subject="S", body="B")
    assert len(callbacks) == 1  # queued for the commit, not sent yet
    assert mail.outbox == []


@pytest.mark.django_db
def test_once_key_and_opting_out_of_reminders(django_capture_on_commit_callbacks):
    keen, quiet = (
        UserFactory(username="keen", email="keen@example.gov.uk"),
        UserFactory(username="quiet", email="quiet@example.gov.uk"),
    )
    set_reminders(user=quiet, wanted=False)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            notify(
                recipients=[keen, quiet],
                kind=NotificationKind.ROUND_DUE,
                subject="Due soon",
                body="B",
                once_key="round-due:1:1",
            )
        # essential notifications go to everyone, whatever their reminder choice
        notify(recipients=[quiet], kind=NotificationKind.RETURNED, subject="Returned", body="B")

    assert [m.to for m in mail.outbox] == [["keen@example.gov.uk"], ["quiet@example.gov.uk"]]
    assert Notification.objects.filter(recipient=keen).count() == 1


@pytest.mark.django_db
def test_an_email_to_an_address_goes_from_the_task(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_email_later(to="new@example.gov.uk", subject="Invited", body="Link")
    assert mail.outbox[0].to == ["new@example.gov.uk"]
    assert mail.outbox[0].subject == "Invited"


@pytest.mark.django_db
def test_a_notification_is_emailed_by_the_database_backends_worker(
    django_capture_on_commit_callbacks, monkeypatch
):
    person = UserFactory(username="lead", email="lead@example.gov.uk")
    with database_backend():
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipients=[person], kind=NotificationKind.VALIDATED, subject="V", body="B")
        assert mail.outbox == []  # stored for a worker, not sent
        assert DBTaskResult.objects.get().status == "READY"
        run_worker(monkeypatch)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert [m.to for m in mail.outbox] == [["lead@example.gov.uk"]]
    assert Notification.objects.get(recipient=person).emailed_at is not None
