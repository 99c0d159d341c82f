import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator
from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from authorities.models import Authority
from core.blocks import BodyStreamBlock
from core.models import BasePage
from core.text import visible
from fidelity.choices import (
    EDITABLE_STATUSES,
    NOT_RECORDED,
    ActionClosure,
    ActionStatus,
    AssessmentMode,
    AssessmentRound,
    AssessmentStatus,
    Level,
    ReferenceSource,
    ReviewOutcome,
)
from fidelity.scoring import scoring_level


class FrameworkVersion(models.Model):
    """One version of the fidelity framework, loaded from content/fidelity/framework.yaml."""

    version = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    green_threshold = models.PositiveSmallIntegerField(default=80)
    amber_threshold = models.PositiveSmallIntegerField(default=50)
    is_current = models.BooleanField(default=False, help_text="The version new assessments use.")
    # Hidden by default so that the benchmark does not anchor a council's answers; results show it.
    reference_shown_while_answering = models.BooleanField(
        default=False,
        verbose_name="show the model standard while councils answer",
        help_text="Off: councils see each indicator's model standard level only in their results, "
        "so it does not sway their answers. It changes no score, so it can be switched even when "
        "the version is frozen.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_framework",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.version}"


class Domain(models.Model):
    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="domains"
    )
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    weight = models.PositiveSmallIntegerField(default=1)
    sort_order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["framework", "sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "slug"], name="domain_slug_unique_in_framework"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    # The framework is repeated here so the database enforces one slug per framework.
    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="indicators"
    )
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="indicators")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    weight = models.PositiveSmallIntegerField(default=1)
    critical = models.BooleanField(default=False)
    reference_level = models.PositiveSmallIntegerField(
        default=2, help_text="The level the model standard expects, 0 to 2."
    )
    reference_source = models.CharField(
        max_length=20, choices=ReferenceSource.choices, default=ReferenceSource.NONE
    )
    reference_basis = models.TextField(
        blank=True,
        help_text="What the reference level rests on: a published source and what it says, or "
        "that no published source describes it. Blank only in versions made before it was kept.",
    )
    allows_na = models.BooleanField(default=False, verbose_name="allows 'not applicable'")
    descriptor_0 = models.TextField(verbose_name="not in place (0)")
    descriptor_1 = models.TextField(verbose_name="partially in place (1)")
    descriptor_2 = models.TextField(verbose_name="fully in place (2)")
    evidence_prompt = models.TextField()
    # Where the context section contradicts a level by this indicator's own descriptors
    # (content/fidelity/README.md, context_checks): check your answers warns of each.
    context_checks = models.JSONField(default=list, blank=True, editable=False)
    sort_order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["domain__sort_order", "sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "slug"], name="indicator_slug_unique_in_framework"
            ),
            models.CheckConstraint(
                condition=models.Q(reference_level__lte=2), name="reference_level_0_to_2"
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1), name="indicator_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MethodologyPage(BasePage):
    """How the fidelity framework was built and how scores are worked out."""

    body = StreamField(BodyStreamBlock())

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["core.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    content_body = "body"

    class Meta:
        verbose_name = "methodology page"

    def get_context(self, request, *args, **kwargs):
        from fidelity.methodology import basis_counts, worked_example  # imports scoring only

        context = super().get_context(request, *args, **kwargs)
        framework = FrameworkVersion.objects.filter(is_current=True).first()
        domains = list(framework.domains.prefetch_related("indicators")) if framework else []
        context["framework"] = framework
        context["domains"] = domains
        context["basis_counts"] = basis_counts(i for d in domains for i in d.indicators.all())
        context["not_recorded"] = NOT_RECORDED
        context["example"] = worked_example()
        return context


class Assessment(models.Model):
    """One council's self-assessment against one framework version, for one round."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="assessments")
    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="assessments"
    )
    round = models.PositiveSmallIntegerField(choices=AssessmentRound.choices)
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    prefilled_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mode = models.CharField(
        max_length=20, choices=AssessmentMode.choices, default=AssessmentMode.SHARED
    )
    # Independent mode: once a lead opens the consensus step, members' ratings are shown to the
    # council and can no longer change.
    consensus_opened_at = models.DateTimeField(null=True, blank=True)
    consensus_opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The section a member of the council last worked on: where the journey resumes.
    current_section = models.CharField(max_length=80, blank=True)

    # The context section: facts that frame the answers, not scored.
    teams = models.PositiveSmallIntegerField(null=True, blank=True)
    domestic_abuse_posts_funded = models.PositiveSmallIntegerField(null=True, blank=True)
    domestic_abuse_posts_filled = models.PositiveSmallIntegerField(null=True, blank=True)
    substance_misuse_posts_funded = models.PositiveSmallIntegerField(null=True, blank=True)
    substance_misuse_posts_filled = models.PositiveSmallIntegerField(null=True, blank=True)
    mental_health_posts_funded = models.PositiveSmallIntegerField(null=True, blank=True)
    mental_health_posts_filled = models.PositiveSmallIntegerField(null=True, blank=True)
    mi_trained_percent = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    workbook_live = models.BooleanField(null=True, blank=True)
    workbook_live_on = models.DateField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The warnings of check your answers the lead confirmed in submitting (their words, as shown).
    context_warnings_confirmed = models.JSONField(default=list, blank=True, editable=False)
    # A contributor's word to the leads that every section is done.
    ready_for_sign_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ready_for_sign_off_at = models.DateTimeField(null=True, blank=True)
    audit_events = GenericRelation(
        "authorities.AuditEvent", content_type_field="subject_type", object_id_field="subject_id"
    )
    # The scores as submitted (scoring.result_as_dict): a submitted assessment is locked, so
    # comparisons across many councils read this instead of re-scoring every answer.
    scores = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["authority__name", "round"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "round"], name="one_assessment_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.authority} {self.get_round_display()}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_independent(self) -> bool:
        return self.mode == AssessmentMode.INDEPENDENT

    @property
    def consensus_open(self) -> bool:
        return self.consensus_opened_at is not None


class Section(models.Model):
    """A page of the journey: its revision guards against two people saving over each other."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=80, help_text="'context' or a domain slug.")
    revision = models.PositiveIntegerField(default=0)
    completed = models.BooleanField(default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "key"], name="one_row_per_section")
        ]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.key}"


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="answers")
    level = models.CharField(max_length=2, choices=Level.choices)
    evidence_note = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="one_answer_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.slug}: {self.level}"

    @property
    def scored_level(self) -> int | str:
        """The answer as scoring takes it: 0, 1, 2 or "na"."""
        return scoring_level(self.level)


class IndependentRating(models.Model):
    """One member's own answer to one indicator, in a round rated independently. Only its rater
    reads it until a lead opens the consensus step; the agreed answer is the round's Answer."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="independent_ratings"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    # Kept if the rater's account is removed, so a submitted round's agreement does not change.
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    level = models.CharField(max_length=2, choices=Level.choices)
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator", "rater"], name="one_rating_per_rater"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.indicator.slug} by {self.rater_id}: {self.level}"


def evidence_storage():
    return storages["evidence"]


# The types of evidence file accepted, told from a file's first bytes and never from its name or
# the browser's word: MIME type -> (what people call it, the extension it is kept under).
EVIDENCE_TYPES = {
    "application/pdf": ("PDF", "pdf"),
    "application/msword": ("Word", "doc"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("Word", "docx"),
    "application/vnd.ms-excel": ("Excel", "xls"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("Excel", "xlsx"),
    "image/png": ("PNG", "png"),
    "image/jpeg": ("JPEG", "jpg"),
}
EVIDENCE_NAME_MAX_LENGTH = 100


def evidence_name(uploaded_name: str, content_type: str) -> str:
    """The name an evidence file is shown and downloaded under: the uploader's, without control
    or bidirectional characters, its own extension replaced by its detected type's (a PDF
    named report.html is report.pdf)."""
    name = visible(uploaded_name)
    stem = (name.rpartition(".")[0] if "." in name else name).strip() or "evidence"
    return f"{stem}.{EVIDENCE_TYPES[content_type][1]}"


def evidence_path(instance: "EvidenceFile", filename: str) -> str:
    # Never the uploader's file name on disk (it is kept in original_name for display only), and
    # the extension of the detected type, which original_name carries.
    suffix = Path(instance.original_name).suffix.lower()
    return f"evidence/{instance.assessment_id}/{uuid.uuid4().hex}{suffix}"


class EvidenceFile(models.Model):
    """A file backing an answer, kept outside MEDIA_ROOT and served only through the scope."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="evidence_files"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=evidence_path, storage=evidence_storage, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def download_name(self) -> str:
        """Its name with the extension of its type, files stored before names were checked too."""
        return evidence_name(self.original_name, self.content_type)


class PlannedAction(models.Model):
    """What the council has decided about one action of its plan (the action itself is derived)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="planned_actions"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    owner = models.CharField(max_length=120, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    notes = models.TextField(blank=True)
    # The same action in the round before, whose owner, due date, status, notes and history
    # this one took over when this round was submitted (services.carry_over_plan).
    carried_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )
    # Set on an open action whose gap the next round no longer has: the round that closed it.
    closed_in = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="closed_actions"
    )
    closed_reason = models.CharField(max_length=20, choices=ActionClosure.choices, blank=True)
    # Every save adds one, so a form drawn from an older revision is refused (core.conflicts);
    # an action nobody has recorded anything about yet is at revision 0.
    revision = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="one_plan_entry_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.indicator.slug}"


class ActionUpdate(models.Model):
    """One save of a planned action, as it stood after the save: the action's history."""

    planned = models.ForeignKey(PlannedAction, on_delete=models.CASCADE, related_name="updates")
    owner = models.CharField(max_length=120, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    notes = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.planned}: {self.get_status_display()}"


class ReviewDecision(models.Model):
    """A reviewer's decision on a submission; every one is kept, in order."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="review_decisions"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.get_outcome_display()}"
