"""A Django email backend that sends through GOV.UK Notify, as councils' and DfE services do.

Notify sends from templates: the operator makes one email template whose subject is
``((subject))`` and whose body is ``((body))``, and gives its id in NOTIFY_EMAIL_TEMPLATE_ID.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend

from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        if not settings.NOTIFY_API_KEY or not settings.NOTIFY_EMAIL_TEMPLATE_ID:
            raise ImproperlyConfigured(
                "Set NOTIFY_API_KEY and NOTIFY_EMAIL_TEMPLATE_ID to send email through Notify."
            )
        self.client = NotificationsAPIClient(
            settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL
        )

    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            try:
                for address in message.recipients():
                    self.client.send_email_notification(
                        email_address=address,
                        template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                        personalisation={"subject": message.subject, "body": message.body},
                    )
            except APIError:
                if not self.fail_silently:
                    raise
                continue
            sent += 1
        return sent
