from django.db import models


class MembershipRole(models.TextChoices):
    CONTRIBUTOR = "contributor", "Contributor"
    LEAD = "lead", "Lead"
