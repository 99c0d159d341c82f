"""A cohort of two councils with submitted rounds and milestone plans, for the export and API
tests, with every role: the cohort's reviewer, a reviewer of another cohort, a "reviewer" of no
cohort and a council lead. Import with ``from tests.cohorts.api_fixtures import *``.
"""

import datetime
from types import SimpleNamespace

from django.contrib.auth import get_user_model

import pytest

from authorities.choices import MembershipRole
from authorities.models import Authority
from cohorts.models import Cohort, Milestone, MilestoneEntry, ReviewerToken
from fidelity import services
from fidelity.models import Answer, Assessment
from tests.fidelity.conftest import answer_everything, framework, member

__all__ = ["FORMULA_NOTE", "add_council", "api_world", "framework", "leftover_token"]

FORMULA_NOTE = '=HYPERLINK("http://example.invalid","click")'


def submit_round(authority, lead, *, round: int, level: str) -> Assessment:
    assessment = services.start_assessment(user=lead, authority=authority, round=round)
    answer_everything(assessment, lead, level=level)
    return services.submit_assessment(assessment=assessment, user=lead, declaration=True)


def add_council(cohort, number: int, *, level: str = "1") -> Authority:
    """Another council of the cohort with a lead and a submitted baseline."""
    authority = Authority.objects.create(
        name=f"Extra council {number:02d}",
        ons_code=f"E08{number:06d}",
        dfe_number=700 + number,
        region="North West",
    )
    lead = member(f"extra-lead-{number}", authority, MembershipRole.LEAD)
    submit_round(authority, lead, round=0, level=level)
    cohort.councils.add(authority)
    return authority


def leftover_token(user) -> str:
    """A token row for a user the service would refuse one (as if they stopped reviewing)."""
    key = ReviewerToken.new_key()
    ReviewerToken.objects.create(
        user=user, name="Leftover", prefix=key[:8], key_hash=ReviewerToken.hash_key(key)
    )
    return key


@pytest.fixture
def api_world(framework):
    """West Berkshire (baseline at 1, 6 months at 2) and Luton (baseline at 2, a draft 6-month
    round) in one cohort; Peterborough, outside it, with a submitted baseline."""
    users = get_user_model().objects
    west_berkshire = Authority.objects.create(
        name="West Berkshire", ons_code="E06000037", dfe_number=869, region="South East"
    )
    luton = Authority.objects.create(
        name="Luton", ons_code="E06000032", dfe_number=821, region="East of England"
    )
    peterborough = Authority.objects.create(
        name="Peterborough", ons_code="E06000031", dfe_number=874, region="East of England"
    )
    wb_lead = member("wb-lead", west_berkshire, MembershipRole.LEAD)
    luton_lead = member("luton-lead", luton, MembershipRole.LEAD)
    pb_lead = member("pb-lead", peterborough, MembershipRole.LEAD)

    wb_baseline = submit_round(west_berkshire, wb_lead, round=0, level="1")
    wb_six = submit_round(west_berkshire, wb_lead, round=6, level="2")
    luton_baseline = submit_round(luton, luton_lead, round=0, level="2")
    luton_draft = services.start_assessment(user=luton_lead, authority=luton, round=6)
    answer_everything(luton_draft, luton_lead, level="0")
    submit_round(peterborough, pb_lead, round=0, level="1")
    # A note a spreadsheet would run as a formula.
    first = wb_six.answers.order_by("indicator__domain__sort_order", "indicator__sort_order")[0]
    Answer.objects.filter(pk=first.pk).update(evidence_note=FORMULA_NOTE)

    cohort = Cohort.objects.create(
        name="Innovation Programme 2017",
        programme="Children's Social Care Innovation Programme",
        start_date=datetime.date(2017, 4, 1),
    )
    cohort.councils.add(west_berkshire, luton)
    reviewer = users.create_user("reviewer", password="not-a-real-password")
    cohort.reviewers.add(reviewer)

    elsewhere = Cohort.objects.create(
        name="Elsewhere", programme="Another programme", start_date=datetime.date(2020, 1, 1)
    )
    elsewhere.councils.add(peterborough)
    elsewhere_reviewer = users.create_user("elsewhere-reviewer", password="not-a-real-password")
    elsewhere.reviewers.add(elsewhere_reviewer)
    no_cohort_reviewer = users.create_user("other-reviewer", password="not-a-real-password")

    board = Milestone.objects.create(slug="multi-agency-board", title="Board", sort_order=0)
    teams = Milestone.objects.create(slug="teams-co-located", title="Teams", sort_order=1)
    MilestoneEntry.objects.create(
        authority=west_berkshire,
        milestone=board,
        status="done",
        target_date=datetime.date(2017, 5, 1),
        actual_date=datetime.date(2017, 5, 3),
    )
    MilestoneEntry.objects.create(
        authority=west_berkshire,
        milestone=teams,
        status="on-track",
        target_date=datetime.date(2018, 1, 1),
    )
    return SimpleNamespace(
        framework=framework,
        cohort=cohort,
        elsewhere=elsewhere,
        west_berkshire=west_berkshire,
        luton=luton,
        peterborough=peterborough,
        wb_lead=wb_lead,
        reviewer=reviewer,
        elsewhere_reviewer=elsewhere_reviewer,
        no_cohort_reviewer=no_cohort_reviewer,
        wb_baseline=wb_baseline,
        wb_six=wb_six,
        luton_baseline=luton_baseline,
        luton_draft=luton_draft,
        indicator_count=framework.indicators.count(),
    )
