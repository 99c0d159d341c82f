from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxLengthValidator
from django.db import models
from django.http import Http404
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey

from core import page_cache
from core.blocks import BodyStreamBlock
from core.content_spec import InlinePages
from core.visibility import public


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

    def route(self, request, path_components):
        """The page at the path, found by its URL path in one small query and read in one more,
        where Wagtail's default walks the tree a level at a time with two queries a level. It
        finds the same page as long as no page below routes sub-paths of its own (a test checks
        that none does)."""
        if not path_components:
            return super().route(request, path_components)
        found = (
            Page.objects.descendant_of(self)
            .filter(url_path=f"{self.url_path}{'/'.join(path_components)}/")
            .values_list("pk", "content_type_id")
            .first()
        )
        if found is None:
            raise Http404
        pk, content_type_id = found
        model = ContentType.objects.get_for_id(content_type_id).model_class() or Page
        return model.objects.get(pk=pk).route(request, [])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A preview shows the editor's unsaved routes, so it never reads or fills the cache.
        context["featured"] = self.live_featured_pages(
            request, cached=not getattr(request, "is_preview", False)
        )
        return context

    def live_featured_pages(self, request=None, *, cached: bool = True) -> list[Page]:
        """The featured pages a visitor may see, in the editor's order: pages of several kinds (a
        query each), so read once per generation of the public content, like the navigation."""
        if not cached:
            return self._read_live_featured_pages(request)
        return page_cache.remember(
            "home-featured", (self.pk,), lambda: self._read_live_featured_pages(request)
        )

    def _read_live_featured_pages(self, request) -> list[Page]:
        page_ids = [link.page_id for link in self.featured_pages.all()]
        visible = (
            public(Page.objects.live(), request)
            .filter(id__in=page_ids)
            .specific()
            .defer_streamfields()  # the cards show titles and summaries only
            .in_bulk()
        )
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


FEEDBACK_MAX_LENGTH = 2000
PAGE_PATH_MAX_LENGTH = 500


class Feedback(models.Model):
    """What someone told us through "Tell us what you think". Kept without who sent it: the
    email address is only there when they want a reply."""

    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)
    page = models.CharField(
        max_length=PAGE_PATH_MAX_LENGTH,
        blank=True,
        help_text="The path of the page they were on when they chose to give feedback.",
    )
    # A TextField's max_length is not checked outside forms: the validator makes it a rule.
    text = models.TextField(
        max_length=FEEDBACK_MAX_LENGTH, validators=[MaxLengthValidator(FEEDBACK_MAX_LENGTH)]
    )
    email = models.EmailField(blank=True, help_text="Given only by those who want a reply.")

    class Meta:
        ordering = ["-sent_at", "-pk"]
        # Feedback is never added, changed or deleted in the admin: only read.
        default_permissions = ("view",)
        verbose_name = "feedback"
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        sent = timezone.localtime(self.sent_at)
        return f"Feedback of {sent.day} {sent:%B %Y, %H:%M}"
