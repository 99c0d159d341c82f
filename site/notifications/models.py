from django.conf import settings
from django.db import models

from notifications.choices import NotificationKind


class Notification(models.Model):
    """Something a person is told: listed on their home page and sent to them by email."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=300, blank=True, help_text="A path on this site.")
    # Set for notifications that must go out once only (reminders): a second run finds it.
    once_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "once_key"],
                condition=~models.Q(once_key=""),
                name="one_notification_per_key",
            )
        ]

    def __str__(self) -> str:
        return self.subject


class NotificationPreferences(models.Model):
    """What a person has chosen to be sent. Absent means the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    reminders = models.BooleanField(
        default=True,
        verbose_name="Send me reminders",
        help_text="Reminders of a round due in 14 days, and of an overdue round.",
    )

    class Meta:
        verbose_name_plural = "notification preferences"

    def __str__(self) -> str:
        return f"Preferences of {self.user}"
