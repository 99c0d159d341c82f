from django.db import models


class MilestoneStatus(models.TextChoices):
    """What a council says of a milestone. "Late" is never typed: see MilestoneEntry.is_late."""

    NOT_STARTED = "not-started", "Not started"
    ON_TRACK = "on-track", "On track"
    AT_RISK = "at-risk", "At risk"
    DONE = "done", "Done"
