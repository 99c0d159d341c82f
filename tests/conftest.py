"""Fixtures every test folder shares, built on the factories.

The test database is created (or, with --reuse-db, reused) once per worker, and the real
content/ folder is loaded into it then: the published pages, the fidelity framework, the
milestone template and the register of councils are there for every test, as they are on a real
site. Each test runs in a
transaction that is rolled back, so what a test builds never reaches the next one.
"""

import datetime
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

from wagtail.documents import get_document_model

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from authorities.choices import MembershipRole
from authorities.models import Authority
from cohorts.models import Cohort, Milestone
from core.models import HomePage
from fidelity.models import Answer, Assessment, FrameworkVersion
from tests.authorities.factories import UserFactory, member, register_council
from tests.cohorts.factories import (
    COHORT_START,
    FORMULA_NOTE,
    CohortFactory,
    MilestoneEntryFactory,
    make_council,
)
from tests.fidelity.factories import answer_everything, start_round, submit_round, submitted_round
from tests.notifications.notify_stand_in import API_KEY as NOTIFY_API_KEY
from tests.notifications.notify_stand_in import TEMPLATE_ID as NOTIFY_TEMPLATE_ID
from tests.notifications.notify_stand_in import NotifyStandIn

# Generated cases are judged on what they find, not on how fast a busy machine makes them.
hypothesis_settings.register_profile(
    "kit", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("kit")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database with the real content loaded, once per worker and session."""
    with django_db_blocker.unblock():
        call_command("load_content", content_dir=settings.CONTENT_DIR, verbosity=0)


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """A transaction round one module's tests, rolled back after its last one: for data that is
    slow to build and that the module's tests share. Each test's own transaction is a savepoint
    within it, so what a test changes is still undone before the next test. Module fixtures that
    write use it, and call ``django_db_blocker.unblock()`` themselves."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the navigation is cached per site id)."""
    cache.clear()


@pytest.fixture
def home_page(db) -> HomePage:
    """The site's home page, as content/home.md makes it."""
    return HomePage.objects.get()


@pytest.fixture
def loaded_content(home_page) -> HomePage:
    """Every page from the real content/ folder (loaded once per session), with its home page."""
    return home_page


@pytest.fixture
def empty_site(home_page) -> HomePage:
    """The site's pages, documents, framework and milestones as a fresh install has them before
    load_content: a bare home page and none of the rest (undone with the test's transaction).
    The register's councils stay: tests build made-up councils beside them."""
    home_page.get_descendants().delete()
    get_document_model().objects.all().delete()
    FrameworkVersion.objects.all().delete()
    Milestone.objects.all().delete()
    home = HomePage.objects.get()
    home.title, home.summary, home.body = "Home", "The home page.", []
    home.featured_pages.all().delete()
    home.save()
    return home


@pytest.fixture
def dfe_data_dir() -> Path:
    """DfE's real files (DFE_DATA_DIR, kept outside the repository, ../shared/data/dfe in CI)."""
    folder = Path(settings.DFE_DATA_DIR)
    if not folder.is_dir():
        pytest.skip(
            f"the real DfE files are not here: no folder {folder} (set DFE_DATA_DIR to the "
            "folder holding them; they are kept outside the repository)"
        )
    return folder


@pytest.fixture
def framework(db) -> FrameworkVersion:
    """The current fidelity framework: content/fidelity/framework.yaml."""
    return FrameworkVersion.objects.get(is_current=True)


@pytest.fixture
def milestones(db) -> list[Milestone]:
    """The milestone template: content/cohorts/milestones.yaml."""
    return list(Milestone.objects.all())


# Councils and their members ------------------------------------------------------------------


@pytest.fixture
def west_berkshire(db) -> Authority:
    return register_council("E06000037")


@pytest.fixture
def luton(db) -> Authority:
    return register_council("E06000032")


@pytest.fixture
def wb_lead(west_berkshire):
    return member("wb-lead", west_berkshire, MembershipRole.LEAD)


@pytest.fixture
def wb_contributor(west_berkshire):
    return member("wb-contributor", west_berkshire, MembershipRole.CONTRIBUTOR)


@pytest.fixture
def luton_lead(luton):
    return member("luton-lead", luton, MembershipRole.LEAD)


# Assessments ---------------------------------------------------------------------------------


@pytest.fixture
def draft(framework, west_berkshire, wb_lead) -> Assessment:
    """West Berkshire's baseline, started by its lead and not yet answered."""
    return start_round(west_berkshire, wb_lead, round=0)


@pytest.fixture
def submitted(draft, wb_lead) -> Assessment:
    """West Berkshire's baseline, every indicator at 1, submitted by its lead."""
    answer_everything(draft, wb_lead, level="1")
    return submit_round(draft, wb_lead)


# Cohorts and reviewers -----------------------------------------------------------------------


@pytest.fixture
def cohort(west_berkshire, luton) -> Cohort:
    """Innovation Programme 2017 with West Berkshire and Luton, started on COHORT_START."""
    return CohortFactory(
        name="Innovation Programme 2017",
        programme="Children's Social Care Innovation Programme",
        start_date=COHORT_START,
        councils=[west_berkshire, luton],
    )


@pytest.fixture
def reviewer(db):
    """A reviewer, assigned to no cohort until a test (or another fixture) assigns one."""
    return UserFactory(username="reviewer", first_name="Rita")


@pytest.fixture
def other_reviewer(db):
    """A reviewer of another cohort (Elsewhere), which holds no council of the tests'."""
    user = UserFactory(username="other-reviewer")
    CohortFactory(name="Elsewhere", programme="Another", reviewers=[user])
    return user


@pytest.fixture
def reviewed_cohort(framework, milestones, reviewer) -> Cohort:
    """Council 001 (a baseline at 1 and a 6-month round at 2) and Council 002 (a baseline at 0),
    reviewed by ``reviewer``, with two of Council 001's milestones planned."""
    first, _ = make_council(1, lead_name="lead-1", levels=("1", "2"))
    second, _ = make_council(2, lead_name="lead-2", levels=("0",))
    cohort = CohortFactory(
        name="Innovation Programme 2017",
        programme="Innovation Programme",
        start_date=COHORT_START,
        councils=[first, second],
        reviewers=[reviewer],
    )
    MilestoneEntryFactory(
        authority=first,
        milestone=Milestone.objects.get(slug="multi-agency-board"),
        status="done",
        target_date=datetime.date(2017, 5, 1),
        actual_date=datetime.date(2017, 5, 3),
    )
    MilestoneEntryFactory(
        authority=first,
        milestone=Milestone.objects.get(slug="workbook-live"),
        status="at-risk",
        target_date=datetime.date(2018, 1, 1),
    )
    return cohort


@pytest.fixture
def council_lead(reviewed_cohort):
    """The lead of Council 001 in ``reviewed_cohort``."""
    return get_user_model().objects.get(username="lead-1")


@pytest.fixture(scope="module")
def api_world(module_transaction, django_db_blocker):
    """West Berkshire (baseline at 1, 6 months at 2) and Luton (baseline at 2, a draft 6-month
    round) in one cohort; Peterborough, outside it, with a submitted baseline; and every role:
    the cohort's reviewer, a reviewer of another cohort, a "reviewer" of no cohort, a lead.

    Built once per module (its tests read it; what they write is undone with their own
    transaction); the tests using it are marked django_db."""
    with django_db_blocker.unblock():
        return _build_api_world()


def _build_api_world() -> SimpleNamespace:
    framework = FrameworkVersion.objects.get(is_current=True)
    west_berkshire = register_council("E06000037")
    luton = register_council("E06000032")
    peterborough = register_council("E06000031")
    wb_lead = member("wb-lead", west_berkshire, MembershipRole.LEAD)
    luton_lead = member("luton-lead", luton, MembershipRole.LEAD)
    pb_lead = member("pb-lead", peterborough, MembershipRole.LEAD)

    wb_baseline = submitted_round(west_berkshire, wb_lead, round=0, level="1")
    wb_six = submitted_round(west_berkshire, wb_lead, round=6, level="2")
    luton_baseline = submitted_round(luton, luton_lead, round=0, level="2")
    luton_draft = start_round(luton, luton_lead, round=6)
    answer_everything(luton_draft, luton_lead, level="0")
    submitted_round(peterborough, pb_lead, round=0, level="1")
    # A note a spreadsheet would run as a formula.
    first = wb_six.answers.order_by("indicator__domain__sort_order", "indicator__sort_order")[0]
    Answer.objects.filter(pk=first.pk).update(evidence_note=FORMULA_NOTE)

    reviewer = UserFactory(username="reviewer")
    cohort = CohortFactory(
        name="Innovation Programme 2017",
        start_date=COHORT_START,
        councils=[west_berkshire, luton],
        reviewers=[reviewer],
    )
    elsewhere_reviewer = UserFactory(username="elsewhere-reviewer")
    elsewhere = CohortFactory(
        name="Elsewhere",
        programme="Another programme",
        councils=[peterborough],
        reviewers=[elsewhere_reviewer],
    )
    MilestoneEntryFactory(
        authority=west_berkshire,
        milestone=Milestone.objects.get(slug="multi-agency-board"),
        status="done",
        target_date=datetime.date(2017, 5, 1),
        actual_date=datetime.date(2017, 5, 3),
    )
    MilestoneEntryFactory(
        authority=west_berkshire,
        milestone=Milestone.objects.get(slug="teams-co-located"),
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
        no_cohort_reviewer=UserFactory(username="other-reviewer"),
        wb_baseline=wb_baseline,
        wb_six=wb_six,
        luton_baseline=luton_baseline,
        luton_draft=luton_draft,
        indicator_count=framework.indicators.count(),
    )


# Email ---------------------------------------------------------------------------------------


@pytest.fixture
def notify_stand_in(settings):
    """A local GOV.UK Notify, with the site's email going through the Notify backend to it."""
    with NotifyStandIn() as stand_in:
        settings.EMAIL_BACKEND = "notifications.email_backends.NotifyEmailBackend"
        settings.NOTIFY_API_KEY = NOTIFY_API_KEY
        settings.NOTIFY_EMAIL_TEMPLATE_ID = NOTIFY_TEMPLATE_ID
        settings.NOTIFY_BASE_URL = stand_in.base_url
        yield stand_in


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The browser tests first: the longest tests start early, so that pytest-xdist's work
    stealing fills the other worker with quick tests around them (rather than leaving one worker
    alone with a long test at the end), and the worker given them launches the one Chromium."""
    items.sort(key=lambda item: "page" not in getattr(item, "fixturenames", ()))
