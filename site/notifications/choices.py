from django.db import models


class NotificationKind(models.TextChoices):
    """What a person is told. Reminders can be turned off; the rest are essential."""

    READY_FOR_SIGN_OFF = "ready-for-sign-off", "Assessment ready for sign-off"
    SUBMITTED = "submitted", "Assessment submitted"
    VALIDATED = "validated", "Assessment validated"
    RETURNED = "returned", "Assessment returned"
    REVIEW_COMMENT = "review-comment", "Review comment"
    DECISION_REOPENED = "decision-reopened", "Review decision reopened"
    ROUND_DUE = "round-due", "Round due soon"
    ROUND_OVERDUE = "round-overdue", "Round overdue"


REMINDER_KINDS = frozenset({NotificationKind.ROUND_DUE, NotificationKind.ROUND_OVERDUE})
