"""A cohort of councils with submitted rounds and milestone plans, a reviewer and outsiders.

Imported by the reviewer workspace tests: ``from .review_fixtures import *`` brings the fixtures.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model

import pytest

from authorities.choices import MembershipRole
from authorities.models import Authority
from cohorts.milestone_file import MILESTONE_FILE, read_milestones, save_milestones
from cohorts.models import Cohort, Milestone, MilestoneEntry
from fidelity import services
from tests.fidelity.conftest import answer_everything, framework, member

__all__ = [
    "framework",
    "milestone_template",
    "reviewed_cohort",
    "reviewer",
    "other_reviewer",
    "council_lead",
    "make_council",
]


@pytest.fixture
def milestone_template(db):
    specs, problems = read_milestones(settings.CONTENT_DIR / MILESTONE_FILE)
    assert not problems
    save_milestones(specs)
    return list(Milestone.objects.all())


def make_council(number: int, *, framework, lead_name: str, levels: tuple[str, ...] = ("1",)):
    """A council with a lead and one submitted assessment per level given (rounds 0, 6, ...)."""
    authority = Authority.objects.create(
        name=f"Council {number:03d}",
        ons_code=f"E06{number:06d}",
        dfe_number=100 + number,
        region="South East",
    )
    lead = member(lead_name, authority, MembershipRole.LEAD)
    for index, level in enumerate(levels):
        assessment = services.start_assessment(user=lead, authority=authority, round=6 * index)
        answer_everything(assessment, lead, level=level)
        services.submit_assessment(assessment=assessment, user=lead, declaration=True)
    return authority, lead


@pytest.fixture
def reviewer(db):
    return get_user_model().objects.create_user(
        "reviewer", password="not-a-real-password", first_name="Rita"
    )


@pytest.fixture
def other_reviewer(db):
    user = get_user_model().objects.create_user("other-reviewer", password="not-a-real-password")
    elsewhere = Cohort.objects.create(
        name="Elsewhere", programme="Another", start_date=datetime.date(2020, 1, 1)
    )
    elsewhere.reviewers.add(user)
    return user


@pytest.fixture
def reviewed_cohort(framework, milestone_template, reviewer):
    """Two councils: one with a baseline and a 6-month round, one with a baseline only."""
    first, first_lead = make_council(1, framework=framework, lead_name="lead-1", levels=("1", "2"))
    second, _ = make_council(2, framework=framework, lead_name="lead-2", levels=("0",))
    cohort = Cohort.objects.create(
        name="Innovation Programme 2017",
        programme="Innovation Programme",
        start_date=datetime.date(2017, 4, 1),
    )
    cohort.councils.set([first, second])
    cohort.reviewers.add(reviewer)
    board = Milestone.objects.get(slug="multi-agency-board")
    workbook = Milestone.objects.get(slug="workbook-live")
    MilestoneEntry.objects.create(
        authority=first,
        milestone=board,
        status="done",
        target_date=datetime.date(2017, 5, 1),
        actual_date=datetime.date(2017, 5, 3),
    )
    MilestoneEntry.objects.create(
        authority=first, milestone=workbook, status="at-risk", target_date=datetime.date(2018, 1, 1)
    )
    return cohort


@pytest.fixture
def council_lead(reviewed_cohort):
    return get_user_model().objects.get(username="lead-1")
