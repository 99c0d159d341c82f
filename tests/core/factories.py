import factory
import wagtail_factories

from core.models import HomePage, StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "home"
    summary = "Guidance for councils adopting Family Safeguarding."

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    summary = "A page of text."
    body = [("text", "<p>Some text.</p>")]

    class Meta:
        model = StandardPage
