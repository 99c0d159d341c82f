from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from core.blocks import BodyStreamBlock
from core.models import BasePage


class FrameworkVersion(models.Model):
    """One version of the fidelity framework, loaded from content/fidelity/framework.yaml."""

    version = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    green_threshold = models.PositiveSmallIntegerField(default=80)
    amber_threshold = models.PositiveSmallIntegerField(default=50)
    is_current = models.BooleanField(default=False, help_text="The version new assessments use.")
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
        default=2, help_text="Hertfordshire's level, 0 to 2."
    )
    allows_na = models.BooleanField(default=False, verbose_name="allows 'not applicable'")
    descriptor_0 = models.TextField(verbose_name="not in place (0)")
    descriptor_1 = models.TextField(verbose_name="partially in place (1)")
    descriptor_2 = models.TextField(verbose_name="fully in place (2)")
    evidence_prompt = models.TextField()
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
        from fidelity.methodology import worked_example  # imports scoring only

        context = super().get_context(request, *args, **kwargs)
        framework = FrameworkVersion.objects.filter(is_current=True).first()
        context["framework"] = framework
        context["domains"] = framework.domains.prefetch_related("indicators") if framework else []
        context["example"] = worked_example()
        return context
