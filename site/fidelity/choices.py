from django.db import models


class AssessmentRound(models.IntegerChoices):
    """Months since the council's baseline: the rounds in which councils assess themselves."""

    BASELINE = 0, "Baseline"
    SIX_MONTHS = 6, "6 months"
    TWELVE_MONTHS = 12, "12 months"
    EIGHTEEN_MONTHS = 18, "18 months"
    TWO_YEARS = 24, "24 months"
    THREE_YEARS = 36, "36 months"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    VALIDATED = "validated", "Validated"
    RETURNED = "returned", "Returned"


class Level(models.TextChoices):
    """An indicator's answer, stored as text so 'not applicable' sits beside the levels."""

    NOT_IN_PLACE = "0", "0: not in place"
    PARTIAL = "1", "1: partially in place"
    FULL = "2", "2: fully in place"
    NOT_APPLICABLE = "na", "Not applicable"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not-started", "Not started"
    IN_PROGRESS = "in-progress", "In progress"
    DONE = "done", "Done"


class AuditAction(models.TextChoices):
    STARTED = "started", "Started the assessment"
    SAVED = "saved", "Saved a section"
    SUBMITTED = "submitted", "Submitted the assessment"
    EVIDENCE_ADDED = "evidence-added", "Added an evidence file"
    EVIDENCE_DOWNLOADED = "evidence-downloaded", "Downloaded an evidence file"
    CSV_DOWNLOADED = "csv-downloaded", "Downloaded the answers and scores (CSV)"
    ACTION_UPDATED = "action-updated", "Updated an action"
    VALIDATED = "validated", "Validated the assessment (reviewer)"
    RETURNED = "returned", "Returned the assessment (reviewer)"
    MILESTONE_UPDATED = "milestone-updated", "Updated a milestone"
    EXPORTED = "exported", "Exported council data (reviewer)"


class ReviewOutcome(models.TextChoices):
    VALIDATED = "validated", "Validated"
    RETURNED = "returned", "Returned for changes"


class SectionStatus(models.TextChoices):
    """Derived for the task list, never stored."""

    NOT_STARTED = "not-started", "Not started"
    IN_PROGRESS = "in-progress", "In progress"
    COMPLETED = "completed", "Completed"
