from django.db import models

from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey

from core.blocks import BodyStreamBlock
from core.content_spec import InlinePages


class BasePage(Page):
    """Fields every published page shares: a summary for the lead paragraph and listings."""

    summary = models.TextField(
        max_length=400,
        help_text="One or two sentences. Shown under the title, in listings and in search results.",
    )

    nav_title = models.CharField(
        max_length=60,
        blank=True,
        verbose_name="navigation title",
        help_text="A shorter title for menus and breadcrumbs. The page title if empty.",
    )

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    promote_panels = [*Page.promote_panels, FieldPanel("nav_title")]
    search_fields = [*Page.search_fields, index.SearchField("summary")]

    content_fields: tuple = ()
    content_body: str | None = None
    content_sections: dict[str, str] = {}

    class Meta:
        abstract = True

    @property
    def short_title(self) -> str:
        return self.nav_title or self.title

    def get_meta_description(self) -> str:
        return self.search_description or self.summary


class HomePage(BasePage):
    body = StreamField(BodyStreamBlock(), blank=True)

    content_panels = [
        *BasePage.content_panels,
        InlinePanel("featured_pages", label="Routes into the kit", heading="Routes into the kit"),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "core.StandardPage",
        "practice.ModelOverviewPage",
        "practice.RoleIndexPage",
        "practice.StoryIndexPage",
        "practice.ImpactPage",
        "resources.ResourceIndexPage",
        "fidelity.MethodologyPage",
    ]
    max_count = 1

    content_fields = (InlinePages(key="featured", relation="featured_pages"),)
    content_body = "body"

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured"] = self.live_featured_pages()
        return context

    def live_featured_pages(self) -> list[Page]:
        """The featured pages a visitor may see, in the editor's order."""
        page_ids = [link.page_id for link in self.featured_pages.all()]
        visible = Page.objects.live().public().filter(id__in=page_ids).specific().in_bulk()
        return [visible[page_id] for page_id in page_ids if page_id in visible]


class HomePageFeaturedPage(Orderable):
    home_page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_pages")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = "route into the kit"


class StandardPage(BasePage):
    """A plain page of text: about, the accessibility statement, methodology notes."""

    body = StreamField(BodyStreamBlock())

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    parent_page_types = ["core.HomePage", "core.StandardPage"]
    subpage_types = ["core.StandardPage"]

    content_body = "body"

    class Meta:
        verbose_name = "standard page"
