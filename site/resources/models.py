from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from modelcluster.fields import ParentalManyToManyField

from core import page_cache
from core.blocks import BodyStreamBlock
from core.choices import ImplementationStage
from core.models import BasePage
from core.visibility import public
from practice.models import ElementPage
from resources.choices import Audience, ResourceType
from resources.forms import ResourceFilterForm

RESOURCES_PER_PAGE = 20


class ResourceIndexPage(BasePage):
    """The resources library, filtered by element, audience, stage and type."""

    body = StreamField(BodyStreamBlock(), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["resources.ResourcePage"]
    max_count = 1

    content_body = "body"

    class Meta:
        verbose_name = "resource index page"

    def get_context(self, request, *args, **kwargs):
        from resources.selectors import resources_filtered  # selectors import this module

        context = super().get_context(request, *args, **kwargs)
        # Listings of other pages, the same for every visitor: read once per generation of the
        # public content (core.page_cache), for each choice of filters.
        elements = page_cache.remember(
            "resource-filter-elements",
            (),
            lambda: list(
                public(ElementPage.objects.live(), request).defer_streamfields().order_by("path")
            ),
        )
        form = ResourceFilterForm(request.GET or None, elements=elements)
        form.is_valid()  # an unknown value drops only its own filter, not the others
        filters = form.cleaned_data if form.is_bound else {}
        chosen = {name: sorted(values) for name, values in filters.items() if values}
        resources = page_cache.remember(
            "resources",
            (self.pk, sorted(chosen.items())),
            lambda: list(
                resources_filtered(
                    index_page=self,
                    request=request,
                    element_slugs=chosen.get("element"),
                    audiences=chosen.get("audience"),
                    stages=chosen.get("stage"),
                    resource_types=chosen.get("resource_type"),
                )
            ),
        )
        page = Paginator(resources, RESOURCES_PER_PAGE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=form,
            resources=page,
            filters_applied=bool(filters and any(filters.values())),
            filter_query=query.urlencode(),
        )
        return context


class ResourcePage(BasePage):
    """A guidance note, template or toolkit: written on the page, a document, or a link."""

    resource_type = models.CharField(max_length=20, choices=ResourceType.choices)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    stage = models.CharField(
        max_length=30, choices=ImplementationStage.choices, verbose_name="implementation stage"
    )
    elements = ParentalManyToManyField("practice.ElementPage", related_name="resources", blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    link_url = models.URLField(blank=True, verbose_name="link", help_text="An external address.")
    body = StreamField(BodyStreamBlock(), blank=True)

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("resource_type"),
                FieldPanel("audience"),
                FieldPanel("stage"),
                FieldPanel("elements", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Tags",
        ),
        MultiFieldPanel(
            [FieldPanel("document"), FieldPanel("link_url")], heading="Download or link"
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
    ]

    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types: list[str] = []

    content_fields = ("resource_type", "audience", "stage", "elements", "document", "link_url")
    content_body = "body"

    class Meta:
        verbose_name = "resource"

    def clean(self):
        super().clean()
        if not (self.document_id or self.link_url or self.body):
            raise ValidationError("Give the resource some content: a document, a link, or a body.")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["elements"] = (
            public(self.elements.live(), request).defer_streamfields().order_by("path")
        )
        return context
