import factory
import wagtail_factories

from authorities.models import Authority
from fidelity.choices import AssessmentRound, AssessmentStatus
from fidelity.models import Assessment, Domain, FrameworkVersion, Indicator, MethodologyPage


class MethodologyPageFactory(wagtail_factories.PageFactory):
    title = "How the self-assessment works"
    slug = "methodology"
    summary = "How the framework was built and how scores are worked out."
    body = [("text", "<p>The framework is derived from the model's published elements.</p>")]

    class Meta:
        model = MethodologyPage


class FrameworkVersionFactory(factory.django.DjangoModelFactory):
    version = factory.Sequence(lambda n: f"test-{n}")
    title = "Test framework"

    class Meta:
        model = FrameworkVersion


class DomainFactory(factory.django.DjangoModelFactory):
    framework = factory.SubFactory(FrameworkVersionFactory)
    slug = factory.Sequence(lambda n: f"domain-{n}")
    title = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())
    description = "What this domain covers."
    sort_order = factory.Sequence(int)

    class Meta:
        model = Domain


class IndicatorFactory(factory.django.DjangoModelFactory):
    domain = factory.SubFactory(DomainFactory)
    framework = factory.SelfAttribute("domain.framework")
    slug = factory.Sequence(lambda n: f"indicator-{n}")
    title = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())
    descriptor_0 = "Not in place."
    descriptor_1 = "Partly in place."
    descriptor_2 = "Fully in place."
    evidence_prompt = "Which documents show it."
    sort_order = factory.Sequence(int)

    class Meta:
        model = Indicator


class AuthorityFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Test council {n}")
    ons_code = factory.Sequence(lambda n: f"E99{n:06d}")
    dfe_number = factory.Sequence(lambda n: 9000 + n)
    region = "East of England"

    class Meta:
        model = Authority


class AssessmentFactory(factory.django.DjangoModelFactory):
    authority = factory.SubFactory(AuthorityFactory)
    framework = factory.SubFactory(FrameworkVersionFactory)
    round = AssessmentRound.BASELINE
    status = AssessmentStatus.DRAFT

    class Meta:
        model = Assessment
