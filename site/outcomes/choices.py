from django.db import models


class Level(models.TextChoices):
    """The geographic levels of Explore Education Statistics files that we keep."""

    NATIONAL = "national", "National"
    REGIONAL = "regional", "Regional"
    LOCAL_AUTHORITY = "local-authority", "Local authority"


class LocalMeasure(models.TextChoices):
    """The model's own measures that DfE does not publish, returned quarterly by each council.

    All are counts for the quarter except school attendance, a percentage (see outcomes.returns).
    """

    FAMILIES_WORKED_WITH = "families_worked_with", "Families worked with"
    STAFF_TRAINED_MI = "staff_trained_mi", "Staff trained in Motivational Interviewing"
    POLICE_DA_CALLOUTS = (
        "police_da_callouts",
        "Police domestic abuse call-outs to those families",
    )
    ADULT_EMERGENCY_ADMISSIONS = "adult_emergency_admissions", "Adult emergency hospital admissions"
    DAYS_IN_CARE = "days_in_care", "Days children spent in care"
    SCHOOL_ATTENDANCE = "school_attendance", "School attendance of the children"


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
