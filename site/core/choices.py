from django.db import models


class ImplementationStage(models.TextChoices):
    """The implementation-science stages a council passes through when adopting the model."""

    EXPLORATION = "exploration", "Exploration"
    INSTALLATION = "installation", "Installation"
    INITIAL_IMPLEMENTATION = "initial-implementation", "Initial implementation"
    FULL_IMPLEMENTATION = "full-implementation", "Full implementation"
