"""Every URL of a round rated independently, by role, before and after the consensus step opens:
the exact status each gets, no template syntax, nothing kept by a cache. Members' ratings are
shown to nobody but their rater until a lead opens the step, and never to another council, a
reviewer or staff."""

from django.urls import reverse

import pytest

from authorities.choices import MembershipRole
from fidelity import consensus_services
from fidelity.models import Answer, IndependentRating
from tests.authorities.factories import UserFactory, member
from tests.fidelity.factories import rate_everything, start_independent_round
from tests.pages import assert_no_template_syntax, assert_not_cached

pytestmark = pytest.mark.django_db

LOGIN = 302
ROLES = ["anonymous", "wb_lead", "wb_contributor", "wb_rater", "luton_lead", "reviewer", "staff"]

# (url name, extra kwargs) -> statuses in ROLES order, before the step opens and after.
GET_MATRIX = {
    ("fidelity:task_list", False): (LOGIN, 200, 200, 200, 404, 404, 404),
    ("fidelity:rate", True): (LOGIN, 200, 200, 200, 404, 404, 404),
    ("fidelity:consensus", True): (LOGIN, 404, 404, 404, 404, 404, 404),
}
GET_MATRIX_OPEN = {
    ("fidelity:task_list", False): (LOGIN, 200, 200, 200, 404, 404, 404),
    ("fidelity:rate", True): (LOGIN, 302, 302, 302, 404, 404, 404),  # to the consensus step
    ("fidelity:consensus", True): (LOGIN, 200, 200, 200, 404, 404, 404),
}


@pytest.fixture
def people(framework, west_berkshire, wb_lead, wb_contributor, luton_lead, reviewer, cohort):
    cohort.reviewers.add(reviewer)
    rater = member("wb-rater", west_berkshire, MembershipRole.CONTRIBUTOR)
    assessment = start_independent_round(west_berkshire, wb_lead)
    rate_everything(assessment, rater, "0")
    return {
        "assessment": assessment,
        "anonymous": None,
        "wb_lead": wb_lead,
        "wb_contributor": wb_contributor,
        "wb_rater": rater,
        "luton_lead": luton_lead,
        "reviewer": reviewer,
        "staff": UserFactory(username="admin", is_superuser=True, is_staff=True),
    }


def _url(name, with_domain, assessment):
    args = [assessment.pk]
    if with_domain:
        args.append(assessment.framework.domains.first().slug)
    return reverse(name, args=args)


def _statuses(client, people, url, method="get", data=None):
    found = {}
    for role in ROLES:
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        response = getattr(client, method)(url, data or {})
        found[role] = response.status_code
        assert_no_template_syntax(response)
        if people[role] is not None:
            assert_not_cached(response)
        if response.status_code == 200:
            # Only the rater's own notes, and only before the step opens, name the rater's
            # answers; after it, the council's members read them on the consensus page.
            html = response.content.decode()
            if role != "wb_rater" and not people["assessment"].consensus_open:
                assert "wb-rater on" not in html
    return found


@pytest.mark.parametrize(("name", "with_domain"), list(GET_MATRIX))
def test_each_role_before_the_consensus_step(client, people, name, with_domain):
    found = _statuses(client, people, _url(name, with_domain, people["assessment"]))
    assert found == dict(zip(ROLES, GET_MATRIX[(name, with_domain)], strict=True))


@pytest.mark.parametrize(("name", "with_domain"), list(GET_MATRIX_OPEN))
def test_each_role_after_the_consensus_step_opens(client, people, name, with_domain):
    consensus_services.open_consensus(assessment=people["assessment"], user=people["wb_lead"])
    people["assessment"].refresh_from_db()
    found = _statuses(client, people, _url(name, with_domain, people["assessment"]))
    assert found == dict(zip(ROLES, GET_MATRIX_OPEN[(name, with_domain)], strict=True))


def test_writes_by_role_change_nothing_unless_allowed(client, people):
    assessment = people["assessment"]
    domain = assessment.framework.domains.first()
    rating = {f"{i.slug}-level": "2" for i in domain.indicators.all()}
    rate_url = _url("fidelity:rate", True, assessment)
    for role, expected in [
        ("luton_lead", 404),
        ("reviewer", 404),
        ("staff", 404),
        ("anonymous", LOGIN),
    ]:
        client.logout()
        if people[role]:
            client.force_login(people[role])
        assert client.post(rate_url, rating).status_code == expected
        assert (
            client.post(_url("fidelity:open_consensus", False, assessment)).status_code == expected
        )
    assert not IndependentRating.objects.filter(level="2").exists()
    client.force_login(people["wb_contributor"])
    assert client.post(_url("fidelity:open_consensus", False, assessment)).status_code == 403
    assessment.refresh_from_db()
    assert not assessment.consensus_open

    consensus_services.open_consensus(assessment=assessment, user=people["wb_lead"])
    agreed = {"revision": 0} | {
        f"{i.slug}-{field}": value
        for i in domain.indicators.all()
        for field, value in (("level", "0"), ("note", "Agreed"))
    }
    consensus_url = _url("fidelity:consensus", True, assessment)
    for role, expected in [
        ("luton_lead", 404),
        ("reviewer", 404),
        ("staff", 404),
        ("anonymous", LOGIN),
        ("wb_contributor", 403),
        ("wb_rater", 403),
    ]:
        client.logout()
        if people[role]:
            client.force_login(people[role])
        response = client.post(consensus_url, agreed)
        assert response.status_code == expected, role
        assert_no_template_syntax(response)
    assert not Answer.objects.exists()


def test_a_shared_round_has_no_rating_or_consensus_pages(client, draft, wb_lead):
    client.force_login(wb_lead)
    domain = draft.framework.domains.first()
    assert client.get(reverse("fidelity:rate", args=[draft.pk, domain.slug])).status_code == 404
    assert (
        client.get(reverse("fidelity:consensus", args=[draft.pk, domain.slug])).status_code == 404
    )
    assert client.post(reverse("fidelity:open_consensus", args=[draft.pk])).status_code == 404


def test_an_unknown_domain_is_a_404(client, people):
    client.force_login(people["wb_lead"])
    assessment = people["assessment"]
    assert client.get(reverse("fidelity:rate", args=[assessment.pk, "no-such"])).status_code == 404
