"""Reviewers and team agreement: the council drill-down, the submission page and the agreement
export show how far a council's members agreed, against a hand-worked round, and never a
member's own ratings or notes."""

from decimal import Decimal

from django.urls import reverse

import pytest

from authorities.choices import AuditAction, MembershipRole
from authorities.models import AuditEvent
from cohorts import exports
from fidelity import consensus_services
from fidelity.consensus_selectors import assessment_agreement
from tests.authorities.factories import AuthorityFactory, UserFactory, member
from tests.cohorts.test_exports import read_csv, read_xlsx, url
from tests.fidelity.factories import (
    agree_everything,
    rate_everything,
    start_independent_round,
    submit_round,
)
from tests.pages import assert_no_template_syntax, assert_not_cached

pytestmark = pytest.mark.django_db


def rated_and_submitted(authority, lead, *, round=0):
    """Hand-worked: the lead rates everything 1; a contributor rates everything 1 but says "not
    applicable" on team-structure's indicator that allows it; a third member rated only
    team-structure, all 1 but a 2 on its first indicator, then stopped (did not finish).

    team-structure (7 indicators, 3 raters): 2 differ, so 5 of 7 agreed = 71.4%.
    Every other domain (43 indicators, 2 raters): all agreed.
    Overall: 48 of 50 = 96.0%."""
    code = authority.pk
    contributor = member(f"contributor-{code}", authority, MembershipRole.CONTRIBUTOR)
    partial = member(f"partial-{code}", authority, MembershipRole.CONTRIBUTOR)
    assessment = start_independent_round(authority, lead, round=round)
    team = assessment.framework.domains.get(slug="team-structure")
    indicators = list(team.indicators.all())
    na_slug = next(i.slug for i in indicators if i.allows_na)
    rate_everything(assessment, lead, "1")
    rate_everything(assessment, contributor, "1", {na_slug: "na"})
    consensus_services.save_own_ratings(
        assessment=assessment,
        user=partial,
        domain_slug=team.slug,
        values={
            i.slug: ("2" if n == 0 else "1", f"Private note of {partial.username}")
            for n, i in enumerate(indicators)
        },
    )
    consensus_services.open_consensus(assessment=assessment, user=lead)
    agree_everything(assessment, lead, "1")
    return submit_round(assessment, lead)


@pytest.fixture
def world(cohort, reviewer, framework, west_berkshire, wb_lead):
    cohort.reviewers.add(reviewer)
    return rated_and_submitted(west_berkshire, wb_lead)


def test_agreement_of_the_hand_worked_round(world):
    result = assessment_agreement(world)
    team = next(d for d in result.domains if d.slug == "team-structure")
    assert (team.agreed, team.compared, team.share) == (5, 7, Decimal("71.4"))
    assert all(d.share == Decimal("100.0") for d in result.domains if d.slug != "team-structure")
    assert (result.agreed, result.compared, result.share) == (48, 50, Decimal("96.0"))


def test_removing_a_raters_account_leaves_the_submitted_agreement_as_it_was(world):
    before = assessment_agreement(world)
    partial = world.independent_ratings.get(
        indicator__slug=world.framework.indicators.first().slug, level="2"
    ).rater
    partial.delete()
    assert assessment_agreement(world) == before


def test_the_council_drill_down_shows_agreement(client, world, cohort, reviewer):
    client.force_login(reviewer)
    response = client.get(
        reverse(
            "review:council", kwargs={"cohort_pk": cohort.pk, "authority_pk": world.authority_id}
        )
    )
    html = response.content.decode()
    assert "Team agreement: Baseline" in html
    assert "48 of 50" in html and "96.0" in html and "5 of 7" in html and "71.4" in html
    assert "Private note of" not in html and "partial-" not in html
    assert_no_template_syntax(response)


def test_the_submission_page_shows_agreement_but_no_ones_own_ratings(
    client, world, cohort, reviewer
):
    client.force_login(reviewer)
    response = client.get(
        reverse("review:assessment", kwargs={"cohort_pk": cohort.pk, "assessment_pk": world.pk})
    )
    html = response.content.decode()
    assert "Team agreement" in html and "96.0" in html
    assert "Private note of" not in html
    # No link to the council's own consensus pages.
    assert reverse("fidelity:consensus", args=[world.pk, "team-structure"]) not in html


def test_the_council_results_page_shows_agreement(client, world, wb_lead):
    client.force_login(wb_lead)
    html = client.get(reverse("fidelity:results", args=[world.pk])).content.decode()
    assert "Team agreement" in html and "48 of 50" in html and "(96.0%)" in html
    assert reverse("fidelity:consensus", args=[world.pk, "team-structure"]) in html


def test_a_shared_round_shows_no_agreement(client, submitted, wb_lead):
    client.force_login(wb_lead)
    html = client.get(reverse("fidelity:results", args=[submitted.pk])).content.decode()
    assert "Team agreement" not in html


def test_the_agreement_csv_matches_the_hand_worked_round(client, world, cohort, reviewer):
    client.force_login(reviewer)
    response = client.get(url("agreement_csv", cohort))
    assert_not_cached(response)
    rows = read_csv(response)
    assert rows[0] == [column.heading for column in exports.AGREEMENT_COLUMNS]
    by_domain = {row[4]: row for row in rows[1:]}
    assert len(rows) == 1 + world.framework.domains.count() + 1
    team = world.framework.domains.get(slug="team-structure").title
    assert by_domain[team][5:] == ["7", "5", "71.4"]
    assert by_domain["Overall"] == [
        "West Berkshire",
        "E06000037",
        "0",
        "Baseline",
        "Overall",
        "50",
        "48",
        "96.0",
    ]
    assert "Private note of" not in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.EXPORTED)
    assert event.authority_id == world.authority_id
    assert event.detail == f"Team agreement of {cohort.name} (CSV)"


def test_the_agreement_xlsx_has_its_data_dictionary(client, world, cohort, reviewer):
    client.force_login(reviewer)
    book = read_xlsx(client.get(url("agreement_xlsx", cohort)))
    assert book.sheetnames[0] == "Team agreement"
    assert "Data dictionary" in book.sheetnames


@pytest.mark.parametrize("name", ["agreement_csv", "agreement_xlsx"])
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("reviewer", 200),
        ("other_reviewer", 404),
        ("wb_lead", 404),
        ("luton_lead", 404),
        ("staff", 404),
        (None, 302),
    ],
)
def test_the_agreement_export_for_each_role(client, request, world, cohort, name, role, expected):
    if role == "staff":
        client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    elif role:
        client.force_login(request.getfixturevalue(role))
    response = client.get(url(name, cohort))
    assert response.status_code == expected
    if role:
        assert_not_cached(response)


def test_the_export_leaves_out_drafts_and_shared_rounds(
    client, world, cohort, reviewer, luton, luton_lead
):
    draft = start_independent_round(luton, luton_lead)
    rate_everything(draft, luton_lead, "2")
    client.force_login(reviewer)
    rows = read_csv(client.get(url("agreement_csv", cohort)))
    assert {row[0] for row in rows[1:]} == {"West Berkshire"}


def test_agreement_export_queries_do_not_grow_with_councils(
    client, world, cohort, reviewer, django_assert_max_num_queries
):
    client.force_login(reviewer)
    client.get(url("agreement_csv", cohort))
    for number in (1, 2):
        authority = AuthorityFactory(name=f"Extra {number}")
        lead = member(f"extra-lead-{number}", authority, MembershipRole.LEAD)
        rated_and_submitted(authority, lead)
        cohort.councils.add(authority)
    with django_assert_max_num_queries(12):
        rows = read_csv(client.get(url("agreement_csv", cohort)))
    assert len(rows) == 1 + 3 * (world.framework.domains.count() + 1)


def test_the_drill_down_queries_are_bounded(
    client, world, cohort, reviewer, django_assert_max_num_queries
):
    client.force_login(reviewer)
    council = reverse(
        "review:council", kwargs={"cohort_pk": cohort.pk, "authority_pk": world.authority_id}
    )
    client.get(council)
    with django_assert_max_num_queries(40) as captured:
        client.get(council)
    before = len(captured)
    # A second independently rated round adds no query per rating or per domain.
    second = start_independent_round(world.authority, world.created_by, round=6)
    rate_everything(second, world.created_by, "1")
    consensus_services.open_consensus(assessment=second, user=world.created_by)
    agree_everything(second, world.created_by, "1")
    submit_round(second, world.created_by)
    with django_assert_max_num_queries(before + 4):
        html = client.get(council).content.decode()
    assert "Team agreement: 6 months" in html
