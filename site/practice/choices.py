from django.db import models


class Discipline(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens-social-care", "Children's social care"
    ADULT_SPECIALIST = "adult-specialist", "Adult specialist"
    CLINICAL = "clinical", "Clinical"
    PARTNER_AGENCY = "partner-agency", "Partner agency"


class StoryBasis(models.TextChoices):
    """Why a family story may be published: what the consent field records, and nothing more."""

    PUBLISHED_ACCOUNT = (
        "published-account",
        "It retells an account that its publisher has already made public",
    )
    CONSENT_RECORD = (
        "consent-record",
        "The programme team holds the family's written consent to publish it",
    )
