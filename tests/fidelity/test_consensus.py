"""Team consensus through HTTP and the services: members rate on their own, a lead opens the
consensus step and records the agreed answers, which are checked, submitted and scored as a
shared round's answers are."""

from django.urls import reverse

import pytest

from authorities.choices import MembershipRole
from fidelity import consensus_services, services
from fidelity.choices import AssessmentMode, AssessmentStatus
from fidelity.models import Answer, Assessment, IndependentRating
from tests.authorities.factories import member
from tests.fidelity.factories import (
    agree_everything,
    answer_everything,
    rate_everything,
    start_independent_round,
    start_round,
    submit_round,
)
from tests.pages import assert_no_template_syntax

pytestmark = pytest.mark.django_db


@pytest.fixture
def wb_practitioner(west_berkshire):
    return member("wb-practitioner", west_berkshire, MembershipRole.CONTRIBUTOR)


@pytest.fixture
def independent(framework, west_berkshire, wb_lead):
    return start_independent_round(west_berkshire, wb_lead)


@pytest.fixture
def rated(independent, wb_lead, wb_contributor, wb_practitioner):
    """Three members have rated every indicator: the lead 1s, the contributor 1s except a 2 on
    the first indicator, the practitioner 1s except a 0 there (2 apart: disagreement)."""
    first = independent.framework.indicators.first()
    rate_everything(independent, wb_lead, "1")
    rate_everything(independent, wb_contributor, "1", {first.slug: "2"})
    rate_everything(independent, wb_practitioner, "1", {first.slug: "0"})
    return independent


def domain_of(assessment, index=0):
    return list(assessment.framework.domains.all())[index]


def own_post(domain, level="1", note="Mine", **extra):
    data = {}
    for indicator in domain.indicators.all():
        data[f"{indicator.slug}-level"] = level
        data[f"{indicator.slug}-note"] = note
    return data | extra


def consensus_post(domain, revision=0, level="1", note="Agreed in the meeting", **extra):
    return {"revision": revision} | own_post(domain, level, note) | extra


# Starting ------------------------------------------------------------------------------------


def test_a_lead_chooses_independent_rating_on_the_start_page(client, framework, wb_lead):
    client.force_login(wb_lead)
    page = client.get(reverse("fidelity:start"))
    assert "Each member rates on their own, then we agree" in page.content.decode()
    response = client.post(
        reverse("fidelity:start"),
        {
            "authority": wb_lead.memberships.get().authority_id,
            "round": "0",
            "prefill": "no",
            "mode": "independent",
        },
    )
    assessment = Assessment.objects.get()
    assert response.url == reverse("fidelity:task_list", args=[assessment.pk])
    assert assessment.mode == AssessmentMode.INDEPENDENT
    page = client.get(response.url).content.decode()
    assert "Rate on your own" in page and "Who has finished rating" in page


def test_a_start_posted_without_a_mode_keeps_one_shared_set(client, framework, wb_lead):
    client.force_login(wb_lead)
    client.post(
        reverse("fidelity:start"),
        {"authority": wb_lead.memberships.get().authority_id, "round": "0", "prefill": "no"},
    )
    assert Assessment.objects.get().mode == AssessmentMode.SHARED


def test_independent_rating_cannot_copy_the_last_round(client, submitted, wb_lead):
    client.force_login(wb_lead)
    response = client.post(
        reverse("fidelity:start"),
        {
            "authority": submitted.authority_id,
            "round": "6",
            "prefill": "yes",
            "mode": "independent",
        },
    )
    assert response.status_code == 200
    assert "start with empty answers" in response.content.decode()
    assert Assessment.objects.count() == 1


# Rating on your own --------------------------------------------------------------------------


def test_a_member_rates_a_domain_and_moves_to_the_next(client, independent, wb_contributor):
    first, second = domain_of(independent, 0), domain_of(independent, 1)
    client.force_login(wb_contributor)
    page = client.get(reverse("fidelity:rate", args=[independent.pk, first.slug]))
    assert page.status_code == 200
    assert_no_template_syntax(page)
    response = client.post(
        reverse("fidelity:rate", args=[independent.pk, first.slug]), own_post(first, "2")
    )
    assert response.url == reverse("fidelity:rate", args=[independent.pk, second.slug])
    ratings = IndependentRating.objects.filter(rater=wb_contributor)
    assert ratings.count() == first.indicators.count()
    assert set(ratings.values_list("level", flat=True)) == {"2"}
    assert not Answer.objects.exists()  # own ratings are not the round's answers


def test_a_member_can_save_part_of_a_domain_for_later(client, independent, wb_contributor):
    domain = domain_of(independent)
    indicator = domain.indicators.first()
    client.force_login(wb_contributor)
    response = client.post(
        reverse("fidelity:rate", args=[independent.pk, domain.slug]),
        {f"{indicator.slug}-level": "0", "save_for_later": "1"},
    )
    assert response.url == reverse("fidelity:task_list", args=[independent.pk])
    assert IndependentRating.objects.get().level == "0"
    page = client.get(response.url).content.decode()
    assert f"You have rated 1 of {domain.indicators.count()} questions" in page


def test_an_unanswered_rating_is_refused_with_a_message(client, independent, wb_contributor):
    domain = domain_of(independent)
    client.force_login(wb_contributor)
    response = client.post(reverse("fidelity:rate", args=[independent.pk, domain.slug]), {})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not IndependentRating.objects.exists()


def test_a_rating_outside_0_to_2_is_refused(client, independent, wb_contributor):
    domain = domain_of(independent)
    client.force_login(wb_contributor)
    response = client.post(
        reverse("fidelity:rate", args=[independent.pk, domain.slug]), own_post(domain, "3")
    )
    assert "Select 0, 1, 2" in response.content.decode()
    assert not IndependentRating.objects.exists()


def test_the_task_list_shows_who_has_finished(client, independent, wb_lead, wb_contributor):
    rate_everything(independent, wb_lead)
    domain = domain_of(independent)
    consensus_services.save_own_ratings(
        assessment=independent,
        user=wb_contributor,
        domain_slug=domain.slug,
        values={i.slug: ("1", "") for i in domain.indicators.all()},
    )
    client.force_login(wb_contributor)
    html = client.get(reverse("fidelity:task_list", args=[independent.pk])).content.decode()
    total = independent.framework.indicators.count()
    done = domain.indicators.count()
    html = html.lower()
    row = '<th scope="row" class="govuk-table__header">'
    lead_row = html.split(f"{row}wb-lead")[1].split("</tr>")[0]
    contributor_row = html.split(f"{row}wb-contributor")[1].split("</tr>")[0]
    assert f"{total} of {total}" in lead_row and "finished" in lead_row
    assert f"{done} of {total}" in contributor_row and "in progress" in contributor_row


def test_the_shared_wizard_sends_a_domain_to_rating_and_saves_nothing(
    client, independent, wb_contributor
):
    domain = domain_of(independent)
    client.force_login(wb_contributor)
    url = reverse("fidelity:section", args=[independent.pk, domain.slug])
    assert client.get(url).url == reverse("fidelity:rate", args=[independent.pk, domain.slug])
    client.post(url, own_post(domain) | {f"assessment_{independent.pk}-current_step": domain.slug})
    assert not Answer.objects.exists()
    with pytest.raises(services.AssessmentError):
        services.save_section(
            assessment=independent,
            key=domain.slug,
            values={i.slug: ("1", "") for i in domain.indicators.all()},
            base_revision=0,
            user=wb_contributor,
        )


# Hidden until the consensus step opens -------------------------------------------------------


def test_no_page_shows_a_members_ratings_to_another_before_consensus(client, rated, wb_contributor):
    client.force_login(wb_contributor)
    domain = domain_of(rated)
    assert (
        client.get(reverse("fidelity:consensus", args=[rated.pk, domain.slug])).status_code == 404
    )
    own = client.get(reverse("fidelity:rate", args=[rated.pk, domain.slug])).content.decode()
    assert "wb-contributor on" in own  # the member's own note
    assert "wb-practitioner on" not in own and "wb-lead on" not in own
    for name in ("fidelity:task_list", "fidelity:check_answers", "fidelity:history"):
        html = client.get(reverse(name, args=[rated.pk])).content.decode()
        assert "wb-practitioner on" not in html and "wb-lead on" not in html


def test_only_a_lead_opens_the_consensus_step(client, rated, wb_contributor, wb_lead):
    client.force_login(wb_contributor)
    response = client.post(reverse("fidelity:open_consensus", args=[rated.pk]))
    assert response.status_code == 403
    rated.refresh_from_db()
    assert not rated.consensus_open
    client.force_login(wb_lead)
    client.post(reverse("fidelity:open_consensus", args=[rated.pk]))
    rated.refresh_from_db()
    assert rated.consensus_opened_by == wb_lead


def test_the_step_cannot_open_before_anyone_rates(client, independent, wb_lead):
    client.force_login(wb_lead)
    response = client.post(reverse("fidelity:open_consensus", args=[independent.pk]), follow=True)
    assert "Nobody has rated anything yet" in response.content.decode()
    independent.refresh_from_db()
    assert not independent.consensus_open


def test_ratings_are_frozen_once_the_step_opens(client, rated, wb_lead, wb_contributor):
    consensus_services.open_consensus(assessment=rated, user=wb_lead)
    domain = domain_of(rated)
    client.force_login(wb_contributor)
    url = reverse("fidelity:rate", args=[rated.pk, domain.slug])
    assert client.get(url).url == reverse("fidelity:consensus", args=[rated.pk, domain.slug])
    client.post(url, own_post(domain, "0"))
    assert not IndependentRating.objects.filter(rater=wb_contributor, level="0").exists()
    with pytest.raises(services.AssessmentError):
        rate_everything(rated, wb_contributor, "0")


# The consensus step --------------------------------------------------------------------------


@pytest.fixture
def opened(rated, wb_lead):
    return consensus_services.open_consensus(assessment=rated, user=wb_lead)


def test_members_see_the_spread_once_open_but_only_a_lead_records(client, opened, wb_contributor):
    domain = domain_of(opened)
    first = domain.indicators.first()
    client.force_login(wb_contributor)
    url = reverse("fidelity:consensus", args=[opened.pk, domain.slug])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert_no_template_syntax(page)
    assert "wb-practitioner on" in html and "wb-lead on" in html
    assert "Disagreement" in html and "1 said 0, 1 said 1, 1 said 2" in html
    assert "Save the agreed answers" not in html
    assert client.post(url, consensus_post(domain)).status_code == 403
    assert not Answer.objects.filter(indicator=first).exists()


def test_a_disagreement_needs_a_note(client, opened, wb_lead):
    domain = domain_of(opened)
    first = domain.indicators.first()
    client.force_login(wb_lead)
    data = consensus_post(domain) | {f"{first.slug}-note": ""}
    response = client.post(reverse("fidelity:consensus", args=[opened.pk, domain.slug]), data)
    assert response.status_code == 200
    assert f"Enter a note for {first.title}: members disagreed" in response.content.decode()
    assert not Answer.objects.exists()
    # An agreed indicator needs no note for a 0 or a 1.
    second = list(domain.indicators.all())[1]
    data = consensus_post(domain) | {f"{second.slug}-note": ""}
    response = client.post(reverse("fidelity:consensus", args=[opened.pk, domain.slug]), data)
    assert response.status_code == 302
    assert Answer.objects.get(indicator=second).evidence_note == ""


def test_the_service_refuses_a_level_outside_0_to_2_or_a_missing_note(opened, wb_lead):
    domain = domain_of(opened)
    indicators = list(domain.indicators.all())
    values = {i.slug: ("1", "Agreed") for i in indicators}
    with pytest.raises(consensus_services.ConsensusProblems) as refused:
        consensus_services.record_consensus(
            assessment=opened,
            user=wb_lead,
            domain_slug=domain.slug,
            values=values | {indicators[0].slug: ("3", "Agreed"), indicators[1].slug: ("2", "")},
            base_revision=0,
        )
    assert set(refused.value.problems) == {indicators[0].slug, indicators[1].slug}
    with pytest.raises(consensus_services.ConsensusProblems):
        consensus_services.record_consensus(
            assessment=opened,
            user=wb_lead,
            domain_slug=domain.slug,
            values=values | {indicators[0].slug: ("0", " ")},
            base_revision=0,
        )
    assert not Answer.objects.exists()


def test_a_level_outside_0_to_2_on_the_page_is_refused(client, opened, wb_lead):
    domain = domain_of(opened)
    client.force_login(wb_lead)
    response = client.post(
        reverse("fidelity:consensus", args=[opened.pk, domain.slug]),
        consensus_post(domain, level="5"),
    )
    assert "Select 0, 1, 2" in response.content.decode()
    assert not Answer.objects.exists()


def test_a_stale_consensus_page_is_refused_and_keeps_what_was_typed(
    client, opened, wb_lead, west_berkshire
):
    other_lead = member("wb-second-lead", west_berkshire, MembershipRole.LEAD)
    domain = domain_of(opened)
    url = reverse("fidelity:consensus", args=[opened.pk, domain.slug])
    client.force_login(other_lead)
    assert client.post(url, consensus_post(domain, note="Theirs")).status_code == 302
    client.force_login(wb_lead)
    response = client.post(url, consensus_post(domain, revision=0, level="0", note="Mine"))
    html = response.content.decode()
    assert response.status_code == 409
    assert "saved the agreed answers" in html and "What is different" in html
    assert set(Answer.objects.values_list("level", flat=True)) == {"1"}
    assert 'value="0" checked' in html and "Mine" in html
    assert 'name="revision" value="1"' in html
    # Saving again on the new revision replaces theirs.
    assert (
        client.post(url, consensus_post(domain, revision=1, level="0", note="Mine")).status_code
        == 302
    )
    assert set(Answer.objects.values_list("level", flat=True)) == {"0"}


def test_an_agreed_level_everyone_gave_is_offered(client, opened, wb_lead):
    domain = domain_of(opened)
    second = list(domain.indicators.all())[1]
    client.force_login(wb_lead)
    html = client.get(reverse("fidelity:consensus", args=[opened.pk, domain.slug])).content.decode()
    assert (
        f'id="id_{second.slug}-level_1" name="{second.slug}-level" type="radio" value="1" checked'
        in html
    )


def test_agreed_answers_are_checked_submitted_and_scored_as_shared_ones(
    client, opened, wb_lead, framework, luton, luton_lead
):
    first = framework.indicators.first()
    agree_everything(opened, wb_lead, "1", {first.slug: "0"})
    client.force_login(wb_lead)
    task_list = client.get(reverse("fidelity:task_list", args=[opened.pk])).content.decode()
    assert "Check your answers" in task_list
    response = client.post(
        reverse("fidelity:check_answers", args=[opened.pk]), {"declaration": "on"}
    )
    assert response.url == reverse("fidelity:submitted", args=[opened.pk])
    opened.refresh_from_db()
    assert opened.status == AssessmentStatus.SUBMITTED
    # A shared round with the same answers scores exactly the same.
    shared = start_round(luton, luton_lead)
    answer_everything(shared, luton_lead, "1", {first.slug: "0"})
    shared = submit_round(shared, luton_lead)
    assert opened.scores == shared.scores
    assert opened.scores["capped"] is first.critical


# Query counts --------------------------------------------------------------------------------


def _more_raters(assessment, count):
    for n in range(count):
        rater = member(f"extra-rater-{n}", assessment.authority, MembershipRole.CONTRIBUTOR)
        rate_everything(assessment, rater, "1")


@pytest.mark.parametrize("name", ["fidelity:task_list", "fidelity:consensus", "fidelity:rate"])
def test_pages_do_not_run_a_query_per_member_or_rating(
    client, rated, wb_lead, name, django_assert_max_num_queries
):
    if name == "fidelity:consensus":
        consensus_services.open_consensus(assessment=rated, user=wb_lead)
    args = [rated.pk] if name == "fidelity:task_list" else [rated.pk, domain_of(rated).slug]
    url = reverse(name, args=args)
    client.force_login(wb_lead)
    client.get(url)
    with django_assert_max_num_queries(30) as three_raters:
        assert client.get(url).status_code == 200
    if name != "fidelity:consensus":
        _more_raters(rated, 3)
    else:
        # Ratings are frozen once the step is open: add them as they were before it.
        rated.consensus_opened_at = None
        rated.save()
        _more_raters(rated, 3)
        rated.refresh_from_db()
        consensus_services.open_consensus(assessment=rated, user=wb_lead)
    with django_assert_max_num_queries(len(three_raters)):
        assert client.get(url).status_code == 200
