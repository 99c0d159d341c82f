from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models

from authorities.choices import AuditAction, MembershipRole, Region


class Authority(models.Model):
    """An English local authority (council), known by its ONS code and DfE number."""

    name = models.CharField(max_length=120)
    ons_code = models.CharField(
        max_length=9,
        unique=True,
        validators=[RegexValidator(r"^E\d{8}$", "An ONS code is E followed by eight digits.")],
        verbose_name="ONS code",
    )
    dfe_number = models.PositiveSmallIntegerField(unique=True, verbose_name="DfE number")
    region = models.CharField(
        max_length=60,
        choices=Region.choices,
        help_text="As DfE names it: its regional figures are shown beside the council's.",
    )
    is_reference = models.BooleanField(
        default=False,
        help_text="The reference council every adopter is compared with (Hertfordshire).",
    )
    other_ons_codes = models.JSONField(
        default=list,
        blank=True,
        verbose_name="other ONS codes",
        help_text=(
            "Other codes DfE has published the council's figures under, with the same DfE "
            "number: before a change of code, say (from the register)."
        ),
    )
    predecessors = models.JSONField(
        default=list,
        blank=True,
        help_text="Councils it replaced: name, ONS code, DfE number, last year (from the register).",
    )
    went_live = models.DateField(
        null=True,
        blank=True,
        verbose_name="Family Safeguarding went live",
        help_text=(
            "The day the council's first Family Safeguarding teams started work. Public: it is "
            "marked on the council's outcomes page and used to measure change since go-live."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "council"
        verbose_name_plural = "councils"
        constraints = [
            models.UniqueConstraint(
                fields=["is_reference"],
                condition=models.Q(is_reference=True),
                name="one_reference_authority",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's place in a council, with the role that decides what they may do there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=MembershipRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "authority"], name="one_membership_per_council")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.authority})"


class AuditEvent(models.Model):
    """Who did what to a council's data, and when. Written by authorities.services.audit,
    never edited. ``subject`` is the record it concerns (an assessment, say), if any."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="audit_events")
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=30, choices=AuditAction.choices)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        db_table = "fidelity_auditevent"  # where the trail began; kept when it moved here
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="audit_event_subject")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"
