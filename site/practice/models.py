from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from modelcluster.fields import ParentalManyToManyField

from core import page_cache
from core.blocks import BodyStreamBlock
from core.models import BasePage
from core.visibility import public
from practice.blocks import ImpactStreamBlock
from practice.choices import Discipline, StoryBasis
from practice.forms import StoryPageForm
from practice.rules import BASIS_REQUIRED, missing_basis


class ModelOverviewPage(BasePage):
    """The model: introduces the four elements and lists them in order."""

    body = StreamField(BodyStreamBlock(), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    parent_page_types = ["core.HomePage"]
    subpage_types = ["practice.ElementPage"]
    max_count = 1

    content_body = "body"

    class Meta:
        verbose_name = "model overview page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        elements = list(
            public(ElementPage.objects.child_of(self).live(), request)
            .defer_streamfields()
            .order_by("number", "path")
        )
        context["core_elements"] = [e for e in elements if e.core_element]
        context["supporting_elements"] = [e for e in elements if not e.core_element]
        return context


class ElementPage(BasePage):
    """One element of the model, told in the same four sections on every page."""

    core_element = models.BooleanField(
        default=True,
        help_text="One of the model's four elements. Untick for practices that support them, "
        "such as group case supervision.",
    )
    number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1 to 4 for the four elements; empty otherwise."
    )
    what_it_is = StreamField(BodyStreamBlock(), verbose_name="what it is")
    why_it_matters = StreamField(BodyStreamBlock(), verbose_name="why it matters")
    what_good_looks_like = StreamField(BodyStreamBlock(), verbose_name="what good looks like")
    what_changes = StreamField(
        BodyStreamBlock(), verbose_name="what changes for a council that adopts it"
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [FieldPanel("core_element"), FieldPanel("number")], heading="Place in the model"
        ),
        FieldPanel("what_it_is"),
        FieldPanel("why_it_matters"),
        FieldPanel("what_good_looks_like"),
        FieldPanel("what_changes"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("what_it_is"),
        index.SearchField("why_it_matters"),
        index.SearchField("what_good_looks_like"),
        index.SearchField("what_changes"),
    ]

    parent_page_types = ["practice.ModelOverviewPage"]
    subpage_types: list[str] = []

    content_fields = ("core_element", "number")
    content_sections = {
        "What it is": "what_it_is",
        "Why it matters": "why_it_matters",
        "What good looks like": "what_good_looks_like",
        "What changes for a council that adopts it": "what_changes",
    }

    class Meta:
        verbose_name = "element page"

    def clean(self):
        super().clean()
        if self.core_element and not self.number:
            raise ValidationError({"number": "Give the element's number, 1 to 4."})
        if self.number is not None and not 1 <= self.number <= 4:
            raise ValidationError(
                {"number": "The model has four elements: use a number from 1 to 4."}
            )
        if not self.core_element and self.number is not None:
            raise ValidationError(
                {"number": "Only the four elements have a number: leave it empty."}
            )

    @property
    def caption(self) -> str:
        return f"Element {self.number} of 4" if self.core_element else "How the teams work"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)

        # Listings of other pages as cards (title, summary, link; their bodies are not read),
        # the same for every visitor: read once per generation of the public content.
        def listings():
            return {
                "roles": list(
                    public(self.roles.live(), request).defer_streamfields().order_by("path")
                ),
                "stories": list(
                    public(self.stories.live(), request).defer_streamfields().order_by("path")
                ),
                "resources": list(
                    public(self.resources.live(), request).defer_streamfields().order_by("title")
                ),
            }

        context.update(page_cache.remember("element-listings", (self.pk,), listings))
        return context


class RoleIndexPage(BasePage):
    body = StreamField(BodyStreamBlock(), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["practice.RolePage"]
    max_count = 1

    content_body = "body"

    class Meta:
        verbose_name = "role index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        roles = public(RolePage.objects.child_of(self).live(), request).defer_streamfields()
        context["roles_by_discipline"] = [
            (label, [role for role in roles if role.discipline == value])
            for value, label in Discipline.choices
        ]
        return context


class RolePage(BasePage):
    employer = models.CharField(max_length=255, help_text="Who employs the post.")
    discipline = models.CharField(max_length=30, choices=Discipline.choices)
    elements = ParentalManyToManyField(ElementPage, related_name="roles", blank=True)
    what_they_do = StreamField(BodyStreamBlock(), verbose_name="what they do")
    who_they_work_with = StreamField(BodyStreamBlock(), verbose_name="who they work with")
    how_they_work_with_the_team = StreamField(
        BodyStreamBlock(), verbose_name="how they work with the team"
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("employer"),
                FieldPanel("discipline"),
                FieldPanel("elements", widget=forms.CheckboxSelectMultiple),
            ],
            heading="About the post",
        ),
        FieldPanel("what_they_do"),
        FieldPanel("who_they_work_with"),
        FieldPanel("how_they_work_with_the_team"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("employer"),
        index.SearchField("what_they_do"),
        index.SearchField("who_they_work_with"),
        index.SearchField("how_they_work_with_the_team"),
    ]

    parent_page_types = ["practice.RoleIndexPage"]
    subpage_types: list[str] = []

    content_fields = ("employer", "discipline", "elements")
    content_sections = {
        "What they do": "what_they_do",
        "Who they work with": "who_they_work_with",
        "How they work with the team": "how_they_work_with_the_team",
    }

    class Meta:
        verbose_name = "role page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["elements"] = (
            public(self.elements.live(), request).defer_streamfields().order_by("path")
        )
        return context


class StoryIndexPage(BasePage):
    body = StreamField(BodyStreamBlock(), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["practice.StoryPage"]
    max_count = 1

    content_body = "body"

    class Meta:
        verbose_name = "story index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["stories"] = public(
            StoryPage.objects.child_of(self).live(), request
        ).defer_streamfields()
        return context


class StoryPage(BasePage):
    """A family's story. It may only be live once it says what its publication rests on."""

    elements = ParentalManyToManyField(ElementPage, related_name="stories", blank=True)
    body = StreamField(BodyStreamBlock())
    publication_basis = models.CharField(
        max_length=20,
        choices=StoryBasis.choices,
        blank=True,
        verbose_name="What publication rests on",
    )
    basis_detail = models.TextField(
        blank=True,
        verbose_name="Details",
        help_text="For a published account: its publisher and document, and the names it used. "
        "For consent: where the programme team keeps the record, and its date.",
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("elements", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("publication_basis", widget=forms.RadioSelect), FieldPanel("basis_detail")],
            heading="Where the story comes from",
            help_text="Both must be given before the story can be published.",
        ),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    parent_page_types = ["practice.StoryIndexPage"]
    subpage_types: list[str] = []
    base_form_class = StoryPageForm

    content_fields = ("elements", "publication_basis", "basis_detail")
    content_body = "body"

    class Meta:
        verbose_name = "family story"
        verbose_name_plural = "family stories"

    def save(self, *args, **kwargs):
        # Every way of publishing ends here (admin, bulk actions, scheduled publishing, the
        # loader); the admin form shows the same rule as a field error before it gets this far.
        if self.live:
            missing = missing_basis(self)
            if missing:
                raise ValidationError(dict.fromkeys(missing, BASIS_REQUIRED))
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["elements"] = (
            public(self.elements.live(), request).defer_streamfields().order_by("path")
        )
        return context


class ImpactPage(BasePage):
    """Impact and evidence: headline results, each figure with its source and year, and the
    official figures imported into the site (official_statistics.blocks.OfficialTrendBlock)."""

    body = StreamField(ImpactStreamBlock())

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["core.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    content_body = "body"

    class Meta:
        verbose_name = "impact page"
