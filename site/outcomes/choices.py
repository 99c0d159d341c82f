from django.db import models


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


class StatisticsFile(models.TextChoices):
    """The kinds of official-statistics file the upload page takes."""

    EES = "ees", "Explore Education Statistics open-data file"
    NEIGHBOURS = "neighbours", "Statistical neighbours file"
