"""Telling people things: a notification on their home page, and an email sent in the background."""

from collections.abc import Iterable
from functools import partial

from django.db import IntegrityError, transaction

from notifications.choices import REMINDER_KINDS, NotificationKind
from notifications.models import Notification, NotificationPreferences
from notifications.tasks import email_notification, send_email


def notify(
    *,
    recipients: Iterable,
    kind: NotificationKind,
    subject: str,
    body: str,
    link: str = "",
    once_key: str = "",
) -> list[Notification]:
    """Tell each recipient once (people who turned reminders off are not sent them).

    With ``once_key``, a recipient who already has a notification with that key is skipped,
    so running a reminder twice sends nothing twice. Emails go after the transaction commits.
    """
    people = {person.pk: person for person in recipients if person.is_active}
    if kind in REMINDER_KINDS:
        opted_out = NotificationPreferences.objects.filter(
            user_id__in=people, reminders=False
        ).values_list("user_id", flat=True)
        for user_id in opted_out:
            people.pop(user_id, None)
    created = []
    for person in people.values():
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=person,
                    kind=kind,
                    subject=subject,
                    body=body,
                    link=link,
                    once_key=once_key,
                )
        except IntegrityError:
            continue  # told already under this key
        transaction.on_commit(partial(email_notification.enqueue, notification_id=notification.pk))
        created.append(notification)
    return created


def send_email_later(*, to: str, subject: str, body: str) -> None:
    """An email to an address that may have no account yet (an invitation, a reset link)."""
    transaction.on_commit(partial(send_email.enqueue, to=to, subject=subject, body=body))


def reminders_wanted(*, user) -> bool:
    preferences = NotificationPreferences.objects.filter(user=user).first()
    return preferences is None or preferences.reminders


def set_reminders(*, user, wanted: bool) -> None:
    NotificationPreferences.objects.update_or_create(user=user, defaults={"reminders": wanted})


def recent_notifications(*, user, limit: int = 20) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user)[:limit])
