from django.db import models


class ResourceType(models.TextChoices):
    GUIDANCE = "guidance", "Guidance"
    TEMPLATE = "template", "Template"
    TOOLKIT = "toolkit", "Toolkit"


class Audience(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioners"
    MANAGER = "manager", "Managers"
    PARTNER_AGENCY = "partner-agency", "Partner agencies"
    LEADER = "leader", "Leaders"
