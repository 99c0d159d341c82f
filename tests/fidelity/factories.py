import datetime

import factory
import wagtail_factories

from fidelity import consensus_services, context, selectors, services
from fidelity.choices import NOT_DESCRIBED, AssessmentMode, AssessmentRound, AssessmentStatus
from fidelity.models import Assessment, Domain, FrameworkVersion, Indicator, MethodologyPage
from fidelity.selectors import section_keys
from tests.authorities.factories import AuthorityFactory

# A complete context section, as a council would answer it: one that contradicts no answer of
# 1 or 2 (check your answers warns of those only where the framework's descriptors rule them out).
CONTEXT = {
    "teams": 6,
    "domestic_abuse_posts_funded": 4,
    "domestic_abuse_posts_filled": 4,
    "substance_misuse_posts_funded": 3,
    "substance_misuse_posts_filled": 3,
    "mental_health_posts_funded": 2,
    "mental_health_posts_filled": 2,
    "mi_trained_percent": 95,
    "workbook_live": True,
    "workbook_live_on": datetime.date(2018, 4, 1),
}


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
    reference_basis = NOT_DESCRIBED
    sort_order = factory.Sequence(int)

    class Meta:
        model = Indicator


class AssessmentFactory(factory.django.DjangoModelFactory):
    authority = factory.SubFactory(AuthorityFactory)
    framework = factory.SubFactory(FrameworkVersionFactory)
    round = AssessmentRound.BASELINE
    status = AssessmentStatus.DRAFT

    class Meta:
        model = Assessment


# Assessments built through the services, as the journey builds them --------------------------


def start_round(authority, user, *, round: int = 0) -> Assessment:
    return services.start_assessment(user=user, authority=authority, round=round)


def answer_everything(assessment: Assessment, user, level: str = "2", overrides=None) -> None:
    """Complete every section through the service, as the journey does."""
    overrides = overrides or {}
    services.save_section(
        assessment=assessment, key=context.KEY, values=CONTEXT, base_revision=0, user=user
    )
    for key in section_keys(assessment.framework)[1:]:
        indicators = assessment.framework.indicators.filter(domain__slug=key)
        services.save_section(
            assessment=assessment,
            key=key,
            values={
                i.slug: (overrides.get(i.slug, level), f"Evidence for {i.title}")
                for i in indicators
            },
            base_revision=0,
            user=user,
        )


def submit_round(assessment: Assessment, lead) -> Assessment:
    """The lead submits, confirming the answers the context contradicts (if any) as the box on
    check your answers does."""
    assessment.refresh_from_db()  # the context as saved
    warnings = selectors.context_warnings(assessment)
    return services.submit_assessment(
        assessment=assessment,
        user=lead,
        declaration=True,
        confirmed_warnings=[warning.key for warning in warnings],
    )


def submitted_round(authority, lead, *, round: int = 0, level: str = "1", overrides=None):
    """A round of ``authority`` answered at ``level`` throughout and submitted by ``lead``."""
    assessment = start_round(authority, lead, round=round)
    answer_everything(assessment, lead, level=level, overrides=overrides)
    return submit_round(assessment, lead)


# Rounds rated independently (team consensus) ----------------------------------------------------


def start_independent_round(authority, user, *, round: int = 0) -> Assessment:
    return services.start_assessment(
        user=user, authority=authority, round=round, mode=AssessmentMode.INDEPENDENT
    )


def rate_everything(assessment: Assessment, user, level: str = "1", overrides=None) -> None:
    """``user`` rates every indicator on their own: ``level``, or ``overrides[slug]``."""
    overrides = overrides or {}
    for domain in assessment.framework.domains.prefetch_related("indicators"):
        consensus_services.save_own_ratings(
            assessment=assessment,
            user=user,
            domain_slug=domain.slug,
            values={
                i.slug: (overrides.get(i.slug, level), f"{user.username} on {i.title}")
                for i in domain.indicators.all()
            },
        )


def agree_everything(assessment: Assessment, lead, level: str = "1", overrides=None) -> None:
    """The lead records an agreed answer, with a note, for every indicator."""
    overrides = overrides or {}
    services.save_section(
        assessment=assessment, key=context.KEY, values=CONTEXT, base_revision=0, user=lead
    )
    for domain in assessment.framework.domains.prefetch_related("indicators"):
        consensus_services.record_consensus(
            assessment=assessment,
            user=lead,
            domain_slug=domain.slug,
            values={
                i.slug: (overrides.get(i.slug, level), f"Agreed on {i.title}")
                for i in domain.indicators.all()
            },
            base_revision=0,
        )
