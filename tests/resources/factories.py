import factory
import wagtail_factories

from core.choices import ImplementationStage
from resources import models
from resources.choices import Audience, ResourceType


class ResourceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Resources"
    slug = "resources"
    summary = "Guidance, templates and toolkits."

    class Meta:
        model = models.ResourceIndexPage


class ResourcePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Resource {n:03d}")
    summary = "A useful resource."
    resource_type = ResourceType.GUIDANCE
    audience = Audience.PRACTITIONER
    stage = ImplementationStage.INSTALLATION
    body = [("text", "<p>How to do it.</p>")]

    class Meta:
        model = models.ResourcePage
