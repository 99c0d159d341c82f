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


# The council is working on these: answers can change.
EDITABLE_STATUSES = (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)
# Submitted and not sent back: answers are locked and the scores stored at submission stand.
# The rounds in histories, comparisons and exports, and the ones a new round may copy.
SUBMITTED_STATUSES = (AssessmentStatus.SUBMITTED, AssessmentStatus.VALIDATED)
# Whose answers and scores may be read (the council's results, a reviewer's pages): the locked.
READABLE_STATUSES = SUBMITTED_STATUSES
# What a cohort's reviewers are shown of a council's rounds: the readable ones, and the returned
# ones, listed with the decision while the council changes them.
REVIEWABLE_STATUSES = (*READABLE_STATUSES, AssessmentStatus.RETURNED)


class AssessmentMode(models.TextChoices):
    """How a round's answers are made, chosen when it is started."""

    SHARED = "shared", "One shared set of answers"
    INDEPENDENT = "independent", "Each member rates on their own, then we agree"


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


class ActionClosure(models.TextChoices):
    """Why an open action of an earlier round's plan did not carry over to the next round."""

    GAP_MET = "gap-met", "Gap met"
    NOT_APPLICABLE = "not-applicable", "Answered not applicable"
    NOT_IN_FRAMEWORK = "not-in-framework", "Not in the next framework version"


class ReviewOutcome(models.TextChoices):
    VALIDATED = "validated", "Validated"
    RETURNED = "returned", "Returned for changes"


class SectionStatus(models.TextChoices):
    """Derived for the task list, never stored."""

    NOT_STARTED = "not-started", "Not started"
    IN_PROGRESS = "in-progress", "In progress"
    COMPLETED = "completed", "Completed"


class ReferenceSource(models.TextChoices):
    """What an indicator's reference level rests on: pages name Hertfordshire only for the first."""

    HERTFORDSHIRE = "hertfordshire", "A published source on Hertfordshire's service"
    MODEL = "model", "A published source on the model as another council adopts it"
    NONE = "none", "Not described in published sources"


# What pages and the command line say of a reference level with no published source, and of one
# stored before bases were kept (DESIGN.md section 3: the basis is never empty).
NOT_DESCRIBED = "Not described in published sources: the framework's own expectation."
NOT_RECORDED = "Not recorded for this framework version."
