from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from authorities.choices import MembershipRole
from authorities.models import Authority
from cohorts.models import Cohort

INVITATION_LIFETIME = timedelta(days=7)


class Invitation(models.Model):
    """An invitation by email to join a council (with a role) or to review a cohort.

    Only a hash of the link's token is kept. A link works once, for 7 days.
    """

    email = models.EmailField()
    authority = models.ForeignKey(
        Authority,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name="council",
    )
    role = models.CharField(max_length=20, choices=MembershipRole.choices, blank=True)
    cohort = models.ForeignKey(
        Cohort,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
        help_text="For a reviewer: the cohort they will review.",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accepted_invitations",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(authority__isnull=False, cohort__isnull=True) & ~models.Q(role="")
                )
                | models.Q(authority__isnull=True, cohort__isnull=False, role=""),
                name="invitation_to_a_council_with_a_role_or_to_a_cohort",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.place}"

    @property
    def place(self) -> str:
        if self.authority_id:
            return f"{self.authority} as {self.get_role_display().lower()}"
        return f"review {self.cohort}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.withdrawn_at is None
            and self.expires_at > timezone.now()
        )
