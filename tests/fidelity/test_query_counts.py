"""The task list and results pages run a fixed number of queries, whatever the framework's
size and however many rounds the council has submitted."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from fidelity import services
from fidelity.models import Domain, FrameworkVersion, Indicator
from fidelity.selectors import section_keys
from tests.fidelity.factories import CONTEXT

pytestmark = pytest.mark.django_db


def make_framework(version: str, domains: int, indicators: int) -> FrameworkVersion:
    FrameworkVersion.objects.filter(is_current=True).update(is_current=False)
    framework = FrameworkVersion.objects.create(version=version, title="Test", is_current=True)
    for d in range(domains):
        domain = Domain.objects.create(
            framework=framework, slug=f"d{d}", title=f"Domain {d}", sort_order=d
        )
        Indicator.objects.bulk_create(
            Indicator(
                framework=framework,
                domain=domain,
                slug=f"d{d}-i{i}",
                title=f"Indicator {d}.{i}",
                critical=i == 0,
                descriptor_0="None",
                descriptor_1="Some",
                descriptor_2="All",
                evidence_prompt="Evidence",
                sort_order=i,
            )
            for i in range(indicators)
        )
    return framework


def complete(assessment, user, level="1"):
    for key in section_keys(assessment.framework):
        if key == "context":
            values = CONTEXT
        else:
            values = {
                i.slug: (level, "Note")
                for i in assessment.framework.indicators.filter(domain__slug=key)
            }
        services.save_section(
            assessment=assessment, key=key, values=values, base_revision=0, user=user
        )


def count_queries(client, url) -> int:
    client.get(url)  # the site navigation is cached on first use
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def small_and_large(west_berkshire, luton, wb_lead, luton_lead):
    """A council on a 3x4 framework and another on an 8x8 one, each with a draft."""
    make_framework("small", 3, 4)
    small = services.start_assessment(user=wb_lead, authority=west_berkshire, round=0)
    make_framework("large", 8, 8)
    large = services.start_assessment(user=luton_lead, authority=luton, round=0)
    return small, large


def test_task_list_queries_do_not_grow_with_the_framework(
    client, small_and_large, wb_lead, luton_lead
):
    small, large = small_and_large
    complete(small, wb_lead)
    complete(large, luton_lead)
    client.force_login(wb_lead)
    small_count = count_queries(client, reverse("fidelity:task_list", kwargs={"pk": small.pk}))
    client.force_login(luton_lead)
    large_count = count_queries(client, reverse("fidelity:task_list", kwargs={"pk": large.pk}))
    assert small_count == large_count <= 12  # 12: two for the reviewer's comments (cohorts)


def test_check_answers_queries_do_not_grow_with_the_framework(
    client, small_and_large, wb_lead, luton_lead
):
    small, large = small_and_large
    complete(small, wb_lead)
    complete(large, luton_lead)
    client.force_login(wb_lead)
    small_count = count_queries(client, reverse("fidelity:check_answers", kwargs={"pk": small.pk}))
    client.force_login(luton_lead)
    large_count = count_queries(client, reverse("fidelity:check_answers", kwargs={"pk": large.pk}))
    assert small_count == large_count <= 17


def test_results_queries_do_not_grow_with_the_framework_or_the_rounds(
    client, small_and_large, wb_lead, luton_lead
):
    small, large = small_and_large
    complete(small, wb_lead)
    services.submit_assessment(assessment=small, user=wb_lead, declaration=True)
    complete(large, luton_lead)
    services.submit_assessment(assessment=large, user=luton_lead, declaration=True)
    client.force_login(wb_lead)
    one_round = count_queries(client, reverse("fidelity:results", kwargs={"pk": small.pk}))
    client.force_login(luton_lead)
    large_count = count_queries(client, reverse("fidelity:results", kwargs={"pk": large.pk}))
    assert one_round == large_count

    for months in (6, 12, 18):
        later = services.start_assessment(
            user=luton_lead, authority=large.authority, round=months, prefill_from=large
        )
        complete_prefilled(later, luton_lead)
        services.submit_assessment(assessment=later, user=luton_lead, declaration=True)
    four_rounds = count_queries(client, reverse("fidelity:results", kwargs={"pk": later.pk}))
    # 15: the session and its user; the assessment with its submitter; the council's submitted
    # rounds (for the progress table, the round that replaced the plan and the rounds actions
    # carried over from); indicators, answers, the plan and the actions this round closed; the
    # reference council's validated round; the review decisions; the reviewer's comments and
    # decisions (cohorts); and the navigation's site and roles
    assert four_rounds == one_round <= 15


def complete_prefilled(assessment, user):
    from fidelity.selectors import section_values

    for section in assessment.sections.all():
        services.save_section(
            assessment=assessment,
            key=section.key,
            values=section_values(assessment, section.key),
            base_revision=section.revision,
            user=user,
        )
