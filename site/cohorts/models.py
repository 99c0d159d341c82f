import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from authorities.models import Authority
from cohorts.choices import MilestoneStatus
from core.background import BackgroundWork, private_storage
from core.dates import govuk_date
from fidelity.choices import AssessmentRound
from fidelity.models import Assessment, Indicator, ReviewDecision


class Milestone(models.Model):
    """A step of implementation, from the template in content/cohorts/milestones.yaml."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # Our suggestion of the months after the programme starts by which it is done.
    typical_month = models.PositiveSmallIntegerField(default=0)
    sort_order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return self.title


class MilestoneEntry(models.Model):
    """One council's plan for one milestone."""

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="milestone_entries"
    )
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="entries")
    target_date = models.DateField(null=True, blank=True)
    actual_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.NOT_STARTED
    )
    note = models.TextField(blank=True)
    # Every save adds one, so a form drawn from an older revision is refused (core.conflicts);
    # a milestone with no entry yet is at revision 0.
    revision = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["milestone__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "milestone"], name="one_entry_per_milestone"
            )
        ]

    def __str__(self) -> str:
        return f"{self.authority}: {self.milestone}"

    def is_late(self, today=None) -> bool:
        """Late is derived: the target date has passed and the milestone is not done."""
        today = today or timezone.localdate()
        return (
            self.status != MilestoneStatus.DONE
            and self.target_date is not None
            and self.target_date < today
        )


class Cohort(ClusterableModel):
    """Councils adopting together, compared by the reviewers assigned to the cohort."""

    name = models.CharField(max_length=120, unique=True)
    programme = models.CharField(max_length=200)
    start_date = models.DateField()
    councils = models.ManyToManyField(Authority, related_name="cohorts")
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="reviewed_cohorts",
        blank=True,
        # Only people the programme team made reviewers can be assigned (cohorts.selectors).
        limit_choices_to={"groups__name": "Reviewers"},
        help_text="Members of the Reviewers group who read this cohort's councils.",
    )

    class Meta:
        ordering = ["-start_date", "name"]

    def __str__(self) -> str:
        return self.name


class CohortRound(models.Model):
    """When the cohort's councils are to submit a round of the self-assessment."""

    cohort = ParentalKey(Cohort, on_delete=models.CASCADE, related_name="rounds")
    round = models.PositiveSmallIntegerField(choices=AssessmentRound.choices)
    due_date = models.DateField(help_text="The day each council's round is due to be submitted.")

    class Meta:
        ordering = ["round"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "round"], name="one_due_date_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.cohort}: {self.get_round_display()} due {govuk_date(self.due_date)}"


class ReviewerToken(models.Model):
    """A reviewer's token for the read-only API. Only a hash is stored; revoking is permanent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_tokens"
    )
    name = models.CharField(max_length=80, help_text="What the token is for.")
    prefix = models.CharField(
        max_length=8, help_text="The token's first characters, to tell it apart."
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(help_text="From then on the token is refused.")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def has_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)


def answers_export_path(instance: "AnswersExport", filename: str) -> str:
    return f"exports/answers/{uuid.uuid4().hex}.xlsx"


class AnswersExport(BackgroundWork):
    """Every answer of a cohort as an Excel file, built by a background task for the reviewer
    who asked (cohorts.exports), kept in private storage for ANSWERS_EXPORT_KEEP_HOURS and then
    deleted by apply_retention. Downloaded only by that reviewer, while they review the cohort."""

    cohort = models.ForeignKey("Cohort", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(
        storage=private_storage, upload_to=answers_export_path, max_length=200, blank=True
    )
    authority_ids = models.JSONField(
        default=list, blank=True, help_text="The councils whose answers the file holds."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Answers of cohort {self.cohort_id} for user {self.user_id} ({self.status})"


class ReviewComment(models.Model):
    """A comment in a round's review, kept with the round: a reviewer's, on one indicator or on
    the whole submission, or the council's reply in that thread. A thread is a round's comments
    on one indicator (or on none: the whole submission)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="review_comments"
    )
    # None: the comment is on the whole submission.
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Whose side wrote it: kept, as the author may later change role or leave.
    by_reviewer = models.BooleanField()
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.indicator or 'the whole submission'}"


class ReturnSnapshot(models.Model):
    """The answers and notes of a round as they stood when a reviewer returned it: what its
    resubmission is compared with."""

    decision = models.OneToOneField(
        ReviewDecision, on_delete=models.CASCADE, related_name="return_snapshot"
    )
    # Indicator slug -> [level, evidence note], for every indicator answered.
    answers = models.JSONField()
    # The context section's field -> value, dates as ISO text (fidelity.context.FIELDS).
    context = models.JSONField()

    def __str__(self) -> str:
        return f"{self.decision.assessment} as returned"


class DecisionReopening(models.Model):
    """A reviewer took back their own decision, saying why: the round is theirs to decide again."""

    decision = models.OneToOneField(
        ReviewDecision, on_delete=models.CASCADE, related_name="reopening"
    )
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.decision} reopened"
