from django.db import models


class Level(models.TextChoices):
    """The geographic levels of Explore Education Statistics files that we keep."""

    NATIONAL = "national", "National"
    REGIONAL = "regional", "Regional"
    LOCAL_AUTHORITY = "local-authority", "Local authority"


class Polarity(models.TextChoices):
    """DfE's direction for a measure. Only a measure with a direction is coloured or banded."""

    NONE = "none", "No good or bad direction"
    LOWER = "lower", "Lower is better"
    HIGHER = "higher", "Higher is better"


class Unit(models.TextChoices):
    RATE_PER_10000 = "rate_per_10000", "Rate per 10,000 children"
    PERCENT = "percent", "Per cent"
    CASES = "cases", "Cases"
    COUNT = "count", "Number"


class ImportSource(models.TextChoices):
    """How a file was imported: by someone on the upload page, or by a management command."""

    UPLOAD = "upload", "Upload page"
    COMMAND = "command", "Command line"
