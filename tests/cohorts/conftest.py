"""Milestones from the real template and a cohort, plus the councils and members of
tests/fidelity/conftest.py (re-exported here so cohort tests can ask for them by name)."""

import datetime

from django.conf import settings

import pytest

from cohorts.milestone_file import MILESTONE_FILE, read_milestones, save_milestones
from cohorts.models import Cohort, Milestone
from tests.fidelity import conftest as fidelity_fixtures

# Fixtures shared with the fidelity tests. Add to this list; do not rename.
framework = fidelity_fixtures.framework
west_berkshire = fidelity_fixtures.west_berkshire
luton = fidelity_fixtures.luton
wb_lead = fidelity_fixtures.wb_lead
wb_contributor = fidelity_fixtures.wb_contributor
luton_lead = fidelity_fixtures.luton_lead
draft = fidelity_fixtures.draft
submitted = fidelity_fixtures.submitted

COHORT_START = datetime.date(2017, 4, 1)


@pytest.fixture
def milestones(db) -> list[Milestone]:
    """The milestone template in content/cohorts/milestones.yaml, loaded as load_content does."""
    specs, problems = read_milestones(settings.CONTENT_DIR / MILESTONE_FILE)
    assert not problems
    save_milestones(specs)
    return list(Milestone.objects.all())


@pytest.fixture
def cohort(west_berkshire, luton) -> Cohort:
    """Innovation Programme 2017 with West Berkshire and Luton, started on COHORT_START."""
    cohort = Cohort.objects.create(
        name="Innovation Programme 2017",
        programme="Children's Social Care Innovation Programme",
        start_date=COHORT_START,
    )
    cohort.councils.add(west_berkshire, luton)
    return cohort
