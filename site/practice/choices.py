from django.db import models


class Discipline(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens-social-care", "Children's social care"
    ADULT_SPECIALIST = "adult-specialist", "Adult specialist"
    CLINICAL = "clinical", "Clinical"
    PARTNER_AGENCY = "partner-agency", "Partner agency"
