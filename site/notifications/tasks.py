"""Email goes out from background tasks, so a slow mail server never slows a page."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from django_tasks import task

from notifications.models import Notification


@task()
def send_email(*, to: str, subject: str, body: str) -> None:
    EmailMessage(subject=subject, body=body, to=[to]).send()


@task()
def email_notification(*, notification_id: int) -> None:
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None or notification.emailed_at or not notification.recipient.email:
        return
    body = notification.body
    if notification.link:
        body = f"{body}\n\n{settings.WAGTAILADMIN_BASE_URL}{notification.link}"
    EmailMessage(subject=notification.subject, body=body, to=[notification.recipient.email]).send()
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
