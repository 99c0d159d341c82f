from django.db import models


class ImplementationStage(models.TextChoices):
    """The implementation-science stages a council passes through when adopting the model: a
    resource is tagged with the stages it serves, and a council's stage is worked out from its
    milestones and latest fidelity band (cohorts.stages)."""

    EXPLORATION = "exploration", "Exploration"
    INSTALLATION = "installation", "Installation"
    INITIAL_IMPLEMENTATION = "initial-implementation", "Initial implementation"
    FULL_IMPLEMENTATION = "full-implementation", "Full implementation"


class NavigationArea(models.TextChoices):
    """Where an app's navigation link goes: the published kit's bar, read by everyone, or the
    bar of the signed-in service (the default, so a new app's links land there unasked)."""

    KIT = "kit", "The published kit"
    SERVICE = "service", "Your work"


class WorkStatus(models.TextChoices):
    """Where a piece of background work (core.background) stands."""

    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Under way"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


FINISHED_STATUSES = (WorkStatus.DONE, WorkStatus.FAILED)
