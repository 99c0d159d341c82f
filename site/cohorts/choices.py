from django.db import models


class MilestoneStatus(models.TextChoices):
    """What a council says of a milestone. "Late" is never typed: see MilestoneEntry.is_late."""

    NOT_STARTED = "not-started", "Not started"
    ON_TRACK = "on-track", "On track"
    AT_RISK = "at-risk", "At risk"
    DONE = "done", "Done"


class ImplementationStage(models.TextChoices):
    """Derived by cohorts.stages.implementation_stage; the rule is on the methodology page."""

    EXPLORATION = "exploration", "Exploration"
    INSTALLATION = "installation", "Installation"
    INITIAL = "initial", "Initial implementation"
    FULL = "full", "Full implementation"
