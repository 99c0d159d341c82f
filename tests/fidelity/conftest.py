"""A real framework (content/fidelity/framework.yaml) and two councils with their members."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model

import pytest

from authorities.choices import MembershipRole
from authorities.models import Authority, Membership
from fidelity import services
from fidelity.framework_file import FRAMEWORK_FILE, read_framework, save_framework
from fidelity.models import Assessment, FrameworkVersion
from fidelity.selectors import CONTEXT_SECTION, section_keys

CONTEXT = {
    "teams": 6,
    "domestic_abuse_posts_funded": 4,
    "domestic_abuse_posts_filled": 3,
    "substance_misuse_posts_funded": 3,
    "substance_misuse_posts_filled": 3,
    "mental_health_posts_funded": 2,
    "mental_health_posts_filled": 1,
    "mi_trained_percent": 80,
    "workbook_live": True,
    "workbook_live_on": datetime.date(2018, 4, 1),
}


@pytest.fixture
def framework(db) -> FrameworkVersion:
    document, problems = read_framework(settings.CONTENT_DIR / FRAMEWORK_FILE)
    assert not problems
    save_framework(document)
    return FrameworkVersion.objects.get(is_current=True)


def member(username: str, authority: Authority, role: str):
    user = get_user_model().objects.create_user(
        username=username, password="not-a-real-password", first_name=username.title()
    )
    Membership.objects.create(user=user, authority=authority, role=role)
    return user


@pytest.fixture
def west_berkshire(db) -> Authority:
    return Authority.objects.create(
        name="West Berkshire", ons_code="E06000037", dfe_number=869, region="South East"
    )


@pytest.fixture
def luton(db) -> Authority:
    return Authority.objects.create(
        name="Luton", ons_code="E06000032", dfe_number=821, region="East of England"
    )


@pytest.fixture
def wb_lead(west_berkshire):
    return member("wb-lead", west_berkshire, MembershipRole.LEAD)


@pytest.fixture
def wb_contributor(west_berkshire):
    return member("wb-contributor", west_berkshire, MembershipRole.CONTRIBUTOR)


@pytest.fixture
def luton_lead(luton):
    return member("luton-lead", luton, MembershipRole.LEAD)


@pytest.fixture
def draft(framework, west_berkshire, wb_lead) -> Assessment:
    return services.start_assessment(user=wb_lead, authority=west_berkshire, round=0)


def answer_everything(assessment: Assessment, user, level: str = "2", overrides=None) -> None:
    """Complete every section through the service, as the journey does."""
    overrides = overrides or {}
    services.save_section(
        assessment=assessment, key=CONTEXT_SECTION, values=CONTEXT, base_revision=0, user=user
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


@pytest.fixture
def submitted(draft, wb_lead) -> Assessment:
    answer_everything(draft, wb_lead, level="1")
    return services.submit_assessment(assessment=draft, user=wb_lead, declaration=True)
