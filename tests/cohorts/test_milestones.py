"""Milestone plans: the late and stage rules, the date checks, the council's plan pages,
who may reach them, their query budget, and loading the milestone template."""

import datetime
import shutil

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse
from django.utils import timezone

import pytest
import yaml

from authorities.choices import AuditAction
from authorities.models import AuditEvent
from cohorts import plan_urls, services
from cohorts.choices import MilestoneStatus
from cohorts.milestone_file import MILESTONE_FILE
from cohorts.models import Milestone, MilestoneEntry
from cohorts.selectors import milestone_plan
from cohorts.stages import SERVICE_RUNNING, implementation_stage
from core.choices import ImplementationStage
from core.content_loader import ContentError, load_content
from core.dates import govuk_datetime
from resources.models import ResourcePage
from tests.cohorts.factories import COHORT_START
from tests.pages import assert_no_machine_dates, assert_no_template_syntax, assert_not_cached

TODAY = datetime.date(2026, 6, 15)
YESTERDAY = TODAY - datetime.timedelta(days=1)


def entry(status=MilestoneStatus.ON_TRACK, target=None) -> MilestoneEntry:
    return MilestoneEntry(status=status, target_date=target)


# Late is derived, never typed -----------------------------------------------------------------


@pytest.mark.parametrize(
    "status", [MilestoneStatus.NOT_STARTED, MilestoneStatus.ON_TRACK, MilestoneStatus.AT_RISK]
)
def test_a_milestone_whose_target_has_passed_and_is_not_done_is_late(status):
    assert entry(status, target=YESTERDAY).is_late(TODAY)


def test_a_milestone_due_today_is_not_yet_late():
    assert not entry(target=TODAY).is_late(TODAY)


def test_a_done_milestone_is_never_late():
    assert not entry(MilestoneStatus.DONE, target=TODAY.replace(year=2019)).is_late(TODAY)


def test_a_milestone_without_a_target_is_not_late():
    assert not entry(MilestoneStatus.AT_RISK, target=None).is_late(TODAY)


def test_late_is_not_a_status_anyone_can_choose():
    assert "late" not in {value.lower() for value in MilestoneStatus.values}
    assert "late" not in {label.lower() for label in MilestoneStatus.labels}


# The implementation stage rule ----------------------------------------------------------------

ALL = {f"milestone-{n}" for n in range(13)} | SERVICE_RUNNING


@pytest.mark.parametrize(
    ("done", "band", "stage"),
    [
        pytest.param(set(), None, ImplementationStage.EXPLORATION, id="nothing-done"),
        pytest.param(set(), "High fidelity", ImplementationStage.EXPLORATION, id="band-alone"),
        pytest.param({"milestone-1"}, None, ImplementationStage.INSTALLATION, id="one-done"),
        pytest.param(
            SERVICE_RUNNING - {"workbook-live"},
            "High fidelity",
            ImplementationStage.INSTALLATION,
            id="two-of-three-running",
        ),
        pytest.param(
            SERVICE_RUNNING, None, ImplementationStage.INITIAL_IMPLEMENTATION, id="service-running"
        ),
        pytest.param(
            ALL - {"milestone-1"},
            "High fidelity",
            ImplementationStage.INITIAL_IMPLEMENTATION,
            id="high-band-not-all-done",
        ),
        pytest.param(
            ALL, "High fidelity", ImplementationStage.FULL_IMPLEMENTATION, id="all-done-high"
        ),
        pytest.param(
            ALL,
            "Moderate fidelity",
            ImplementationStage.INITIAL_IMPLEMENTATION,
            id="all-done-moderate",
        ),
        pytest.param(
            ALL, "Low fidelity", ImplementationStage.INITIAL_IMPLEMENTATION, id="all-done-low"
        ),
        pytest.param(
            ALL, None, ImplementationStage.INITIAL_IMPLEMENTATION, id="all-done-no-assessment"
        ),
    ],
)
def test_implementation_stage(done, band, stage):
    assert implementation_stage(done=done, milestone_count=len(ALL), latest_band=band) == stage


def test_no_milestones_in_the_template_is_never_full_implementation():
    stage = implementation_stage(done=set(), milestone_count=0, latest_band="High fidelity")
    assert stage == ImplementationStage.EXPLORATION


def test_the_service_running_milestones_are_in_the_template(milestones):
    assert {m.slug for m in milestones} >= SERVICE_RUNNING


def test_a_councils_stage_is_a_stage_the_resource_library_tags_guidance_with(
    loaded_content, milestones, west_berkshire
):
    MilestoneEntry.objects.bulk_create(
        MilestoneEntry(authority=west_berkshire, milestone=m, status=MilestoneStatus.DONE)
        for m in milestones
        if m.slug in SERVICE_RUNNING
    )
    stage = milestone_plan(west_berkshire).stage

    assert stage == ImplementationStage.INITIAL_IMPLEMENTATION
    assert ResourcePage.objects.live().filter(stage=stage).exists()


def test_every_milestone_done_with_a_moderate_band_is_initial_implementation(
    milestones, submitted, west_berkshire
):
    assert submitted.scores["band"] == "Moderate fidelity"
    MilestoneEntry.objects.bulk_create(
        MilestoneEntry(
            authority=west_berkshire,
            milestone=m,
            status=MilestoneStatus.DONE,
            actual_date=COHORT_START,
        )
        for m in milestones
    )

    plan = milestone_plan(west_berkshire)

    assert plan.done == len(milestones)
    assert plan.latest_band == "Moderate fidelity"
    assert plan.stage == ImplementationStage.INITIAL_IMPLEMENTATION


# Dates that make no sense ---------------------------------------------------------------------


def _update(user, authority, milestone, **changes):
    values = {
        "base_revision": 0,
        "target_date": None,
        "actual_date": None,
        "status": MilestoneStatus.ON_TRACK,
        "note": "",
    } | changes
    return services.update_milestone(user=user, authority=authority, milestone=milestone, **values)


def _bad_dates():
    today = timezone.localdate()
    return [
        pytest.param(
            {"actual_date": today + datetime.timedelta(days=1), "status": MilestoneStatus.DONE},
            "actual_date",
            "today or in the past",
            id="actual-in-the-future",
        ),
        pytest.param(
            {"actual_date": COHORT_START - datetime.timedelta(days=1), "status": "done"},
            "actual_date",
            "on or after the programme started (1 April 2017)",
            id="actual-before-programme-start",
        ),
        pytest.param(
            {"target_date": COHORT_START - datetime.timedelta(days=1)},
            "target_date",
            "on or after the programme started",
            id="target-before-programme-start",
        ),
        pytest.param(
            {"target_date": today + datetime.timedelta(days=5 * 366 + 1)},
            "target_date",
            "within 5 years",
            id="target-more-than-5-years-ahead",
        ),
        pytest.param(
            {"status": MilestoneStatus.DONE},
            "actual_date",
            "Enter the date the milestone was done",
            id="done-without-an-actual-date",
        ),
        pytest.param(
            {"actual_date": COHORT_START, "status": MilestoneStatus.AT_RISK},
            "status",
            "Select done if the milestone has an actual date",
            id="actual-date-but-not-done",
        ),
    ]


@pytest.mark.parametrize(("changes", "field", "message"), _bad_dates())
def test_dates_that_make_no_sense_are_refused_and_nothing_changes(
    milestones, cohort, west_berkshire, wb_contributor, changes, field, message
):
    with pytest.raises(services.MilestoneError) as raised:
        _update(wb_contributor, west_berkshire, milestones[0], **changes)

    assert list(raised.value.problems) == [field]
    assert message in raised.value.problems[field]
    assert not MilestoneEntry.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_target_within_five_years_is_accepted(milestones, cohort, west_berkshire, wb_contributor):
    today = timezone.localdate()
    target = today + datetime.timedelta(days=4 * 365)

    saved = _update(wb_contributor, west_berkshire, milestones[0], target_date=target)

    assert saved.target_date == target


def test_without_a_cohort_any_past_actual_date_is_accepted(
    milestones, west_berkshire, wb_contributor
):
    saved = _update(
        wb_contributor,
        west_berkshire,
        milestones[0],
        actual_date=datetime.date(2010, 1, 1),
        status=MilestoneStatus.DONE,
    )
    assert saved.actual_date == datetime.date(2010, 1, 1)


def test_another_councils_user_cannot_update_a_plan(milestones, west_berkshire, luton_lead):
    with pytest.raises(PermissionDenied):
        _update(luton_lead, west_berkshire, milestones[0], status=MilestoneStatus.AT_RISK)
    assert not MilestoneEntry.objects.exists()


# The plan pages -------------------------------------------------------------------------------


def plan_url(authority) -> str:
    return reverse("milestones:plan", kwargs={"authority_pk": authority.pk})


def edit_url(authority, milestone) -> str:
    return reverse(
        "milestones:edit", kwargs={"authority_pk": authority.pk, "milestone_slug": milestone.slug}
    )


def form_data(*, target=None, actual=None, status="on-track", note="", revision=0):
    data = {"status": status, "note": note, "revision": str(revision)}
    for name, value in (("target_date", target), ("actual_date", actual)):
        day, month, year = value if isinstance(value, tuple) else ("", "", "")
        if isinstance(value, datetime.date):
            day, month, year = value.day, value.month, value.year
        data |= {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}
    return data


def test_the_plan_lists_every_milestone_with_status_and_a_late_tag(
    client, milestones, cohort, west_berkshire, wb_contributor
):
    board, funding, *_ = milestones
    MilestoneEntry.objects.create(
        authority=west_berkshire,
        milestone=board,
        status=MilestoneStatus.DONE,
        target_date=datetime.date(2017, 5, 1),
        actual_date=datetime.date(2017, 6, 2),
    )
    MilestoneEntry.objects.create(
        authority=west_berkshire,
        milestone=funding,
        status=MilestoneStatus.AT_RISK,
        target_date=datetime.date(2017, 9, 1),
        note="Health partners have not signed yet.",
    )
    client.force_login(wb_contributor)

    html = client.get(plan_url(west_berkshire)).content.decode()

    for milestone in milestones:
        assert milestone.title in html
        assert edit_url(west_berkshire, milestone) in html
    assert '<strong class="govuk-tag govuk-tag--green">Done</strong>' in html
    assert (
        '<strong class="govuk-tag govuk-tag--orange">At risk</strong> '
        '<strong class="govuk-tag govuk-tag--red">Late</strong>'
    ) in html
    assert html.count(">Late</strong>") == 1
    assert '<time datetime="2017-06-02">2 June 2017</time>' in html
    assert "Health partners have not signed yet." in html
    assert f"1 of {len(milestones)}" in html
    assert "Installation" in html
    assert 'href="/methodology/"' in html
    assert 'href="/assessments/"' in html
    assert reverse("milestones:timeline_chart", kwargs={"authority_pk": west_berkshire.pk}) in html
    assert "The milestones table above gives the same dates" in html


def test_the_plan_list_shows_only_the_users_councils(client, west_berkshire, luton, luton_lead):
    client.force_login(luton_lead)

    html = client.get(reverse("milestones:plan_list")).content.decode()

    assert plan_url(luton) in html
    assert "West Berkshire" not in html


def test_the_timeline_chart_is_an_svg_with_a_strict_policy(
    client, milestones, west_berkshire, wb_contributor
):
    client.force_login(wb_contributor)

    response = client.get(
        reverse("milestones:timeline_chart", kwargs={"authority_pk": west_berkshire.pk})
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    svg = response.content.decode()
    assert milestones[0].title in svg and "Today" in svg


def test_changing_a_milestone_saves_it_and_leaves_an_audit_event(
    client, milestones, cohort, west_berkshire, wb_contributor
):
    milestone = milestones[2]
    client.force_login(wb_contributor)
    assert client.get(edit_url(west_berkshire, milestone)).status_code == 200

    response = client.post(
        edit_url(west_berkshire, milestone),
        form_data(
            target=datetime.date(2017, 8, 1),
            actual=datetime.date(2017, 7, 20),
            status="done",
            note="  Signed by every partner.  ",
        ),
        follow=True,
    )

    assert response.redirect_chain == [(plan_url(west_berkshire), 302)]
    html = response.content.decode()
    assert "govuk-notification-banner--success" in html
    assert f"‘{milestone.title}’ has been updated." in html
    saved = MilestoneEntry.objects.get(authority=west_berkshire, milestone=milestone)
    assert (saved.target_date, saved.actual_date, saved.status, saved.note) == (
        datetime.date(2017, 8, 1),
        datetime.date(2017, 7, 20),
        MilestoneStatus.DONE,
        "Signed by every partner.",
    )
    assert saved.updated_by == wb_contributor
    event = AuditEvent.objects.get()
    assert (event.action, event.authority, event.user) == (
        AuditAction.MILESTONE_UPDATED,
        west_berkshire,
        wb_contributor,
    )
    assert event.action == "milestone-updated"
    assert event.detail == (f"{milestone.title}: Done; target 1 August 2017, actual 20 July 2017")
    history = client.get(reverse("milestones:history", kwargs={"authority_pk": west_berkshire.pk}))
    html = history.content.decode()
    assert event.detail in html
    assert f">{govuk_datetime(event.created_at)}</time>" in html
    assert_no_machine_dates(html)


def test_the_form_shows_the_saved_values(client, milestones, west_berkshire, wb_contributor):
    MilestoneEntry.objects.create(
        authority=west_berkshire,
        milestone=milestones[0],
        status=MilestoneStatus.AT_RISK,
        target_date=datetime.date(2027, 3, 31),
        note="Waiting for the police.",
    )
    client.force_login(wb_contributor)

    html = client.get(edit_url(west_berkshire, milestones[0])).content.decode()

    assert 'name="target_date-year" type="text" inputmode="numeric" value="2027"' in html
    assert 'value="at-risk" checked' in html
    assert "Waiting for the police." in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            form_data(actual=datetime.date(2016, 1, 5), status="done"),
            "The actual date must be on or after the programme started (1 April 2017)",
            id="before-programme-start",
        ),
        pytest.param(
            form_data(status="done"),
            "Enter the date the milestone was done",
            id="done-without-date",
        ),
        pytest.param(
            form_data(target=("31", "2", "2027")),
            "The target date must be a real date",
            id="not-a-real-date",
        ),
        pytest.param(
            form_data(actual=("", "3", "2018"), status="done"),
            "The actual date must include a day",
            id="missing-day",
        ),
        pytest.param(
            form_data(status="late"), "Select the status of the milestone", id="late-typed"
        ),
    ],
)
def test_bad_input_shows_the_error_summary_and_changes_nothing(
    client, milestones, cohort, west_berkshire, wb_contributor, data, message
):
    existing = MilestoneEntry.objects.create(
        authority=west_berkshire,
        milestone=milestones[0],
        status=MilestoneStatus.ON_TRACK,
        target_date=datetime.date(2018, 1, 1),
        note="Unchanged.",
    )
    client.force_login(wb_contributor)

    response = client.post(
        edit_url(west_berkshire, milestones[0]), data | {"revision": str(existing.revision)}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "govuk-error-summary" in html
    assert html.count(message) == 2  # in the summary and by the field
    existing.refresh_from_db()
    assert (existing.status, existing.target_date, existing.actual_date, existing.note) == (
        MilestoneStatus.ON_TRACK,
        datetime.date(2018, 1, 1),
        None,
        "Unchanged.",
    )
    assert not AuditEvent.objects.exists()


def test_the_error_summary_links_to_the_field_at_fault(
    client, milestones, cohort, west_berkshire, wb_contributor
):
    client.force_login(wb_contributor)

    html = client.post(
        edit_url(west_berkshire, milestones[0]),
        form_data(actual=datetime.date(2017, 5, 1), status="at-risk"),
    ).content.decode()

    assert 'href="#id_status_0">Select done if the milestone has an actual date</a>' in html


def test_two_people_changing_one_milestone_the_later_save_is_refused_with_what_changed(
    client, milestones, cohort, west_berkshire, wb_lead, wb_contributor
):
    milestone = milestones[2]  # not yet in the plan: both open the form at revision 0
    url = edit_url(west_berkshire, milestone)
    lead = client.__class__()
    lead.force_login(wb_lead)
    client.force_login(wb_contributor)
    opened = client.get(url).context["form"]["revision"].value()
    assert lead.get(url).context["form"]["revision"].value() == opened == 0

    saved = lead.post(
        url, form_data(target=datetime.date(2027, 1, 31), note="Board meets in January.")
    )
    assert saved.status_code == 302
    mine = form_data(target=datetime.date(2027, 3, 31), status="at-risk", note="Police slow.")
    refused = client.post(url, mine | {"revision": str(opened)})

    assert refused.status_code == 409
    html = refused.content.decode()
    assert "govuk-error-summary" in html and "<title>Error: " in html
    assert "Wb-Lead saved this milestone at" in html and "after you opened this page" in html
    assert refused.context["changes"] == [
        ("Target date", "31 January 2027", "31 March 2027"),
        ("Status", "On track", "At risk"),
        ("Note (optional)", "Board meets in January.", "Police slow."),
    ]
    assert "Police slow." in html  # what they typed stays in the form
    entry = MilestoneEntry.objects.get(authority=west_berkshire, milestone=milestone)
    assert (entry.target_date, entry.note, entry.updated_by) == (
        datetime.date(2027, 1, 31),
        "Board meets in January.",
        wb_lead,
    )
    assert AuditEvent.objects.count() == 1

    # Saving again from the refused page replaces the lead's version, knowingly.
    again = refused.context["form"]["revision"].value()
    assert again == str(entry.revision)
    assert client.post(url, mine | {"revision": again}).status_code == 302
    entry.refresh_from_db()
    assert (entry.target_date, entry.status, entry.note, entry.updated_by) == (
        datetime.date(2027, 3, 31),
        "at-risk",
        "Police slow.",
        wb_contributor,
    )


def test_saving_a_milestone_on_a_stale_revision_raises_and_changes_nothing(
    milestones, cohort, west_berkshire, wb_lead, wb_contributor
):
    first = _update(wb_lead, west_berkshire, milestones[0], note="First.")
    assert first.revision == 1
    with pytest.raises(services.MilestoneConflict) as raised:
        _update(wb_contributor, west_berkshire, milestones[0], base_revision=0, note="Second.")
    assert raised.value.revision == 1 and raised.value.theirs["note"] == "First."
    entry = MilestoneEntry.objects.get()
    assert (entry.note, entry.revision, entry.updated_by) == ("First.", 1, wb_lead)
    second = _update(wb_contributor, west_berkshire, milestones[0], base_revision=1, note="Then.")
    assert (second.note, second.revision) == ("Then.", 2)


def test_an_unknown_milestone_is_a_404(client, milestones, west_berkshire, wb_contributor):
    client.force_login(wb_contributor)
    url = reverse(
        "milestones:edit", kwargs={"authority_pk": west_berkshire.pk, "milestone_slug": "nope"}
    )
    assert client.get(url).status_code == 404


# Who may reach the plan pages -----------------------------------------------------------------

# (url name, extra kwargs, HTTP methods) for every council page in plan_urls.
COUNCIL_URLS = [
    ("milestones:plan", {}, ["get"]),
    ("milestones:timeline_chart", {}, ["get"]),
    ("milestones:history", {}, ["get"]),
    ("milestones:edit", {"milestone_slug": "teams-co-located"}, ["get", "post"]),
]
CASES = [
    pytest.param(name, kwargs, method, id=f"{name.split(':')[1]}-{method}")
    for name, kwargs, methods in COUNCIL_URLS
    for method in methods
]


def test_every_plan_url_is_covered_by_the_access_tests():
    names = {f"milestones:{p.name}" for p in plan_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == {name for name, _, _ in COUNCIL_URLS} | {"milestones:plan_list"}


def council_url(name, kwargs, authority) -> str:
    return reverse(name, kwargs={"authority_pk": authority.pk, **kwargs})


def send(client, method, url):
    if method == "post":
        # The revision the form would carry: the entry's, if the milestone is in a plan.
        revision = MilestoneEntry.objects.filter(milestone__slug="teams-co-located").first()
        return client.post(
            url, form_data(status="at-risk", revision=revision.revision if revision else 0)
        )
    return client.get(url)


@pytest.fixture
def reviewer(cohort):
    user = get_user_model().objects.create_user("reviewer", password="not-a-real-password")
    cohort.reviewers.add(user)
    return user


@pytest.fixture
def plan_with_entry(milestones, west_berkshire):
    return MilestoneEntry.objects.create(
        authority=west_berkshire,
        milestone=Milestone.objects.get(slug="teams-co-located"),
        status=MilestoneStatus.ON_TRACK,
        note="Before.",
    )


def assert_unchanged(entry):
    entry.refresh_from_db()
    assert (entry.status, entry.note) == (MilestoneStatus.ON_TRACK, "Before.")
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(("name", "kwargs", "method"), [c.values for c in CASES], ids=[c.id for c in CASES])  # fmt: skip
def test_another_councils_user_gets_404(
    client, plan_with_entry, west_berkshire, luton_lead, name, kwargs, method
):
    client.force_login(luton_lead)
    assert send(client, method, council_url(name, kwargs, west_berkshire)).status_code == 404
    assert_unchanged(plan_with_entry)


@pytest.mark.parametrize(("name", "kwargs", "method"), [c.values for c in CASES], ids=[c.id for c in CASES])  # fmt: skip
def test_a_reviewer_of_the_councils_cohort_gets_404(
    client, plan_with_entry, west_berkshire, reviewer, name, kwargs, method
):
    client.force_login(reviewer)
    assert send(client, method, council_url(name, kwargs, west_berkshire)).status_code == 404
    assert_unchanged(plan_with_entry)


@pytest.mark.parametrize(("name", "kwargs", "method"), [c.values for c in CASES], ids=[c.id for c in CASES])  # fmt: skip
def test_staff_without_membership_get_404(
    client, plan_with_entry, west_berkshire, name, kwargs, method
):
    admin = get_user_model().objects.create_superuser(
        "admin", "admin@example.invalid", "not-a-real-password"
    )
    client.force_login(admin)
    assert send(client, method, council_url(name, kwargs, west_berkshire)).status_code == 404
    assert_unchanged(plan_with_entry)


@pytest.mark.parametrize(("name", "kwargs", "method"), [c.values for c in CASES], ids=[c.id for c in CASES])  # fmt: skip
def test_anonymous_users_are_sent_to_sign_in(
    client, plan_with_entry, west_berkshire, name, kwargs, method
):
    response = send(client, method, council_url(name, kwargs, west_berkshire))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert_unchanged(plan_with_entry)


@pytest.mark.parametrize(("name", "kwargs", "method"), [c.values for c in CASES], ids=[c.id for c in CASES])  # fmt: skip
def test_the_councils_own_members_can_reach_every_page(
    client, plan_with_entry, west_berkshire, wb_contributor, name, kwargs, method
):
    client.force_login(wb_contributor)
    response = send(client, method, council_url(name, kwargs, west_berkshire))
    # Pages answer 200; a saved milestone goes back to the plan.
    assert response.status_code == (302 if method == "post" else 200)
    assert_no_template_syntax(response)
    assert_not_cached(response)  # the timeline chart too


def test_the_plan_list_sends_anonymous_users_to_sign_in(db, client):
    response = client.get(reverse("milestones:plan_list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_a_reviewer_sees_no_council_in_the_plan_list(client, reviewer):
    client.force_login(reviewer)
    html = client.get(reverse("milestones:plan_list")).content.decode()
    assert "not a member of any council" in html
    assert "West Berkshire" not in html


# Query budget ---------------------------------------------------------------------------------


def add_milestones(authority, start: int, count: int) -> None:
    for number in range(start, start + count):
        milestone = Milestone.objects.create(
            slug=f"step-{number}", title=f"Step {number}", sort_order=number
        )
        if number % 2:
            MilestoneEntry.objects.create(
                authority=authority,
                milestone=milestone,
                status=MilestoneStatus.AT_RISK,
                target_date=datetime.date(2018, 1, 1),
                note=f"Note {number}",
            )


def count_queries(client, url) -> int:
    client.get(url)  # the site navigation is cached on first use
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_plan_page_runs_the_same_queries_for_4_or_16_milestones(
    client, cohort, west_berkshire, wb_contributor
):
    client.force_login(wb_contributor)
    add_milestones(west_berkshire, 0, 4)
    with_4 = count_queries(client, plan_url(west_berkshire))

    add_milestones(west_berkshire, 4, 12)
    with_16 = count_queries(client, plan_url(west_berkshire))

    assert with_4 == with_16
    assert with_16 <= 12  # session, user, council, entries, milestones, band, navigation


# Loading the milestone template ---------------------------------------------------------------


@pytest.fixture
def template_dir(tmp_path, empty_site):
    """A content folder holding only a copy of the real milestone template."""
    content = tmp_path / "content"
    (content / MILESTONE_FILE).parent.mkdir(parents=True)
    shutil.copy(settings.CONTENT_DIR / MILESTONE_FILE, content / MILESTONE_FILE)
    return content


def edit_template(content, change) -> None:
    path = content / MILESTONE_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["milestones"])
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def without(slug):
    def change(items: list[dict]) -> None:
        items[:] = [item for item in items if item["slug"] != slug]

    return change


def test_loading_the_template_creates_it_then_changes_nothing(template_dir):
    assert load_content(content_dir=template_dir).other == ["milestone template: created"]
    slugs = list(Milestone.objects.values_list("slug", flat=True))
    assert len(slugs) == 16 and slugs[0] == "multi-agency-board"

    assert load_content(content_dir=template_dir).other == ["milestone template: unchanged"]
    assert list(Milestone.objects.values_list("slug", flat=True)) == slugs


def test_removing_a_milestone_a_plan_uses_is_refused(template_dir, west_berkshire):
    load_content(content_dir=template_dir)
    MilestoneEntry.objects.create(
        authority=west_berkshire,
        milestone=Milestone.objects.get(slug="psychologist-access"),
        status=MilestoneStatus.AT_RISK,
    )
    edit_template(template_dir, without("psychologist-access"))

    with pytest.raises(ContentError) as raised:
        load_content(content_dir=template_dir)

    assert "'psychologist-access' is in councils' plans, so it cannot be removed" in str(
        raised.value
    )
    assert Milestone.objects.filter(slug="psychologist-access").exists()
    assert Milestone.objects.count() == 16


def test_removing_a_milestone_no_plan_uses_is_allowed(template_dir):
    load_content(content_dir=template_dir)
    edit_template(template_dir, without("business-as-usual-funding"))

    assert load_content(content_dir=template_dir).other == ["milestone template: updated"]
    assert not Milestone.objects.filter(slug="business-as-usual-funding").exists()
