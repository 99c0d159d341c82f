from django.db import models


class MilestoneStatus(models.TextChoices):
    """What a council says of a milestone. "Late" is never typed: see MilestoneEntry.is_late."""

    NOT_STARTED = "not-started", "Not started"
    ON_TRACK = "on-track", "On track"
    AT_RISK = "at-risk", "At risk"
    DONE = "done", "Done"


class TokenLifetime(models.IntegerChoices):
    """How many days an API token works, chosen when it is created."""

    DAYS_30 = 30, "30 days"
    DAYS_90 = 90, "90 days"
    DAYS_180 = 180, "180 days"
    DAYS_365 = 365, "1 year"


DEFAULT_TOKEN_LIFETIME = TokenLifetime.DAYS_90
