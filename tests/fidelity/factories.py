import wagtail_factories

from fidelity.models import MethodologyPage


class MethodologyPageFactory(wagtail_factories.PageFactory):
    title = "How the self-assessment works"
    slug = "methodology"
    summary = "How the framework was built and how scores are worked out."
    body = [("text", "<p>The framework is derived from the model's published elements.</p>")]

    class Meta:
        model = MethodologyPage
