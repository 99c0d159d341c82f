"""'Save and come back later' never marks a section completed unless every question in it is
answered and valid, whether the page or a service call saves it."""

import pytest

from fidelity import context, services
from fidelity.models import Answer, Section
from fidelity.selectors import section_keys, sections_incomplete
from tests.fidelity.factories import CONTEXT
from tests.fidelity.journey import domain_post, post_context, section_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def domain(draft):
    return section_keys(draft.framework)[1]


def later(data):
    return data | {"save_for_later": "1"}


def test_a_half_answered_section_saved_for_later_is_in_progress(client, draft, wb_lead, domain):
    client.force_login(wb_lead)
    data = domain_post(draft, domain, level="1")
    last = draft.framework.indicators.filter(domain__slug=domain).last()
    data[f"{domain}-{last.slug}-level"] = ""
    assert client.post(section_url(draft, domain), later(data)).status_code == 302
    assert (
        Answer.objects.count() == draft.framework.indicators.filter(domain__slug=domain).count() - 1
    )
    assert not Section.objects.get(key=domain).completed
    assert domain in sections_incomplete(draft)


def test_every_question_answered_and_valid_saved_for_later_is_completed(
    client, draft, wb_lead, domain
):
    client.force_login(wb_lead)
    response = client.post(section_url(draft, domain), later(domain_post(draft, domain, "2")))
    assert response.status_code == 302
    assert Section.objects.get(key=domain).completed


def test_an_invalid_answer_saved_for_later_saves_nothing_and_leaves_it_not_completed(
    client, draft, wb_lead, domain
):
    client.force_login(wb_lead)
    first = draft.framework.indicators.filter(domain__slug=domain).first()
    data = domain_post(draft, domain, level="2") | {f"{domain}-{first.slug}-note": " "}
    response = client.post(section_url(draft, domain), later(data))
    assert response.status_code == 200
    assert f"Enter the evidence for {first.title}" in response.content.decode()
    assert not Answer.objects.exists()
    assert not Section.objects.filter(key=domain, completed=True).exists()


def test_an_invalid_context_saved_for_later_saves_nothing(client, draft, wb_lead):
    client.force_login(wb_lead)
    response = post_context(
        client, draft, save_for_later="1", **{"context-domestic_abuse_posts_filled": "9"}
    )
    assert response.status_code == 200
    assert "cannot be more than the posts funded (4)" in response.content.decode()
    assert not Section.objects.filter(key="context").exists()
    draft.refresh_from_db()
    assert draft.domestic_abuse_posts_filled is None


def test_a_half_answered_context_saved_for_later_is_in_progress(client, draft, wb_lead):
    client.force_login(wb_lead)
    response = post_context(client, draft, save_for_later="1", **{"context-teams": ""})
    assert response.status_code == 302
    assert not Section.objects.get(key="context").completed


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param(lambda i: ("2", "  "), id="a-2-without-evidence"),
        pytest.param(lambda i: ("na", ""), id="not-applicable-where-not-allowed"),
    ],
)
def test_the_service_does_not_complete_a_section_with_an_invalid_answer(
    draft, wb_lead, domain, broken
):
    indicators = list(draft.framework.indicators.filter(domain__slug=domain, allows_na=False))
    values = {i.slug: ("1", "") for i in draft.framework.indicators.filter(domain__slug=domain)}
    values[indicators[0].slug] = broken(indicators[0])
    section = services.save_section(
        assessment=draft, key=domain, values=values, base_revision=0, user=wb_lead
    )
    assert not section.completed
    values[indicators[0].slug] = ("1", "")
    section = services.save_section(
        assessment=draft, key=domain, values=values, base_revision=section.revision, user=wb_lead
    )
    assert section.completed


def test_the_service_does_not_complete_a_context_with_more_posts_filled_than_funded(draft, wb_lead):
    values = CONTEXT | {"mental_health_posts_funded": 1, "mental_health_posts_filled": 2}
    section = services.save_section(
        assessment=draft, key=context.KEY, values=values, base_revision=0, user=wb_lead
    )
    assert not section.completed
    section = services.save_section(
        assessment=draft, key=context.KEY, values=CONTEXT, base_revision=1, user=wb_lead
    )
    assert section.completed
