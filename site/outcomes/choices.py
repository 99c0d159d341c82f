from django.db import models


class Level(models.TextChoices):
    """The geographic levels of Explore Education Statistics files that we keep."""

    NATIONAL = "national", "National"
    REGIONAL = "regional", "Regional"
    LOCAL_AUTHORITY = "local-authority", "Local authority"
