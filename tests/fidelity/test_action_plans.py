"""Action plans across rounds (issue 14): open actions carry over to the next round with what was
recorded about them, closed gaps are marked, an earlier round's plan is read-only, and the plan
is ordered, grouped and counted, on the page, in the CSV and in the print report."""

import csv
import datetime
import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest

from fidelity import context, services
from fidelity.choices import ActionClosure, ActionStatus
from fidelity.models import ActionUpdate, Domain, FrameworkVersion, Indicator, PlannedAction
from fidelity.selectors import assessment_results
from tests.fidelity.factories import CONTEXT

pytestmark = pytest.mark.django_db

ROUND_DAY = datetime.date(2027, 3, 31)


@pytest.fixture
def small_framework(db) -> FrameworkVersion:
    """Two domains, every reference level 2: teams (t1 critical, t2 weight 2, t3 may be not
    applicable) and data (d1, d2)."""
    FrameworkVersion.objects.filter(is_current=True).update(is_current=False)
    framework = FrameworkVersion.objects.create(version="plans", title="Test", is_current=True)
    teams = Domain.objects.create(framework=framework, slug="teams", title="Teams", sort_order=0)
    data = Domain.objects.create(framework=framework, slug="data", title="Data", sort_order=1)
    for domain, slug, changes in [
        (teams, "t1", {"critical": True}),
        (teams, "t2", {"weight": 2}),
        (teams, "t3", {"allows_na": True}),
        (data, "d1", {}),
        (data, "d2", {}),
    ]:
        Indicator.objects.create(
            framework=framework,
            domain=domain,
            slug=slug,
            title=f"Indicator {slug}",
            descriptor_0="None",
            descriptor_1="Some",
            descriptor_2="All",
            evidence_prompt="Evidence",
            sort_order=len(slug) * 10 + int(slug[1]),
            **changes,
        )
    return framework


def submit(authority, lead, round, levels):
    """A round answered with ``levels`` (indicator slug -> "0", "1", "2" or "na") and submitted."""
    assessment = services.start_assessment(user=lead, authority=authority, round=round)
    services.save_section(
        assessment=assessment, key=context.KEY, values=CONTEXT, base_revision=0, user=lead
    )
    for domain in ("teams", "data"):
        services.save_section(
            assessment=assessment,
            key=domain,
            values={
                slug: (level, "Evidence")
                for slug, level in levels.items()
                if slug.startswith(domain[0])
            },
            base_revision=0,
            user=lead,
        )
    return services.submit_assessment(assessment=assessment, user=lead, declaration=True)


def record(assessment, slug, lead, *, owner="", due=None, status="not-started", notes=""):
    planned = PlannedAction.objects.filter(assessment=assessment, indicator__slug=slug).first()
    return services.update_planned_action(
        assessment=assessment,
        indicator=assessment.framework.indicators.get(slug=slug),
        base_revision=planned.revision if planned else 0,
        owner=owner,
        due_date=due,
        status=status,
        notes=notes,
        user=lead,
    )


def plan_of(assessment):
    return {row.indicator.slug: row for row in assessment_results(assessment).plan.rows}


def test_open_actions_carry_over_across_three_rounds_closing_met_gaps_and_adding_new_ones(
    small_framework, west_berkshire, wb_lead
):
    baseline = submit(
        west_berkshire, wb_lead, 0, {"t1": "0", "t2": "1", "t3": "1", "d1": "1", "d2": "2"}
    )
    # Priorities: t1 (2 levels x 1 x 2 critical) 4, t2 (1 x 2) 2, t3 1, d1 1; d2 is met.
    assert {r.indicator.slug: r.priority for r in plan_of(baseline).values()} == {
        "t1": 4,
        "t2": 2,
        "t3": 1,
        "d1": 1,
    }
    record(
        baseline,
        "t1",
        wb_lead,
        owner="Head of service",
        due=ROUND_DAY,
        status="in-progress",
        notes="Coaching booked",
    )
    record(baseline, "t2", wb_lead, owner="Workforce lead", status="done")
    record(baseline, "d1", wb_lead, owner="Data lead")
    # t3: nothing recorded

    six = submit(
        west_berkshire, wb_lead, 6, {"t1": "1", "t2": "1", "t3": "na", "d1": "2", "d2": "1"}
    )
    six_plan = plan_of(six)
    assert set(six_plan) == {"t1", "t2", "d2"}
    t1 = six_plan["t1"].planned  # open and still below: carried with all that was recorded
    assert (t1.owner, t1.due_date, t1.status, t1.notes) == (
        "Head of service",
        ROUND_DAY,
        ActionStatus.IN_PROGRESS,
        "Coaching booked",
    )
    assert six_plan["t1"].carried_from_round == "Baseline"
    # t2 was done at baseline, so it did not carry: its gap remains, so a new action starts.
    assert six_plan["t2"].planned is None and six_plan["t2"].status == ActionStatus.NOT_STARTED
    assert six_plan["d2"].planned is None  # a new gap, a new action
    old = plan_of(baseline)
    assert old["t1"].outcome == "Carried over to 6 months"
    assert old["t2"].outcome == "" and old["t2"].status == ActionStatus.DONE
    assert old["t3"].outcome == "Closed: answered not applicable in 6 months"
    assert old["d1"].outcome == "Closed: gap met in 6 months"
    assert [p.indicator.slug for p in assessment_results(six).plan.closed] == ["t3", "d1"]

    record(
        six,
        "t1",
        wb_lead,
        owner="Head of service",
        due=ROUND_DAY,
        status="in-progress",
        notes="Half the teams coached",
    )
    record(six, "d2", wb_lead, owner="Analyst")

    twelve = submit(
        west_berkshire, wb_lead, 12, {"t1": "2", "t2": "1", "t3": "1", "d1": "2", "d2": "1"}
    )
    twelve_plan = plan_of(twelve)
    assert set(twelve_plan) == {"t2", "t3", "d2"}
    assert twelve_plan["t2"].carried_from_round == "6 months"  # open, nothing recorded
    assert twelve_plan["t2"].planned.revision == 0  # still nothing recorded
    assert twelve_plan["d2"].planned.owner == "Analyst"
    assert twelve_plan["d2"].carried_from_round == "6 months"
    assert twelve_plan["t3"].planned is None  # a gap again: a new action
    six_after = plan_of(six)
    assert six_after["t1"].outcome == "Closed: gap met in 12 months"
    assert six_after["t1"].planned.closed_reason == ActionClosure.GAP_MET
    assert six_after["d2"].outcome == "Carried over to 12 months"
    # The baseline's closures stand.
    assert plan_of(baseline)["d1"].outcome == "Closed: gap met in 6 months"


def test_an_actions_history_follows_it_across_rounds(
    client, small_framework, west_berkshire, wb_lead
):
    baseline = submit(
        west_berkshire, wb_lead, 0, {"t1": "0", "t2": "2", "t3": "2", "d1": "2", "d2": "2"}
    )
    record(baseline, "t1", wb_lead, owner="Head of service", notes="Coaching booked")
    six = submit(
        west_berkshire, wb_lead, 6, {"t1": "1", "t2": "2", "t3": "2", "d1": "2", "d2": "2"}
    )
    record(six, "t1", wb_lead, owner="Head of service", status="in-progress", notes="Half coached")
    twelve = submit(
        west_berkshire, wb_lead, 12, {"t1": "1", "t2": "2", "t3": "2", "d1": "2", "d2": "2"}
    )
    client.force_login(wb_lead)
    page = client.get(
        reverse("fidelity:edit_action", kwargs={"pk": twelve.pk, "indicator_slug": "t1"})
    )
    html = page.content.decode()
    assert "carried over from the 6 months plan" in html
    assert html.index("Half coached") < html.index("Coaching booked")  # newest first
    assert ActionUpdate.objects.count() == 2  # carried over by reference, not copied


def test_an_earlier_rounds_plan_is_read_only(client, small_framework, west_berkshire, wb_lead):
    levels = {"t1": "0", "t2": "1", "t3": "1", "d1": "1", "d2": "2"}
    baseline = submit(west_berkshire, wb_lead, 0, levels)
    client.force_login(wb_lead)
    url = reverse("fidelity:edit_action", kwargs={"pk": baseline.pk, "indicator_slug": "t1"})
    assert 'name="owner"' in client.get(url).content.decode()
    saved = client.post(
        url,
        {"revision": "0", "owner": "Head of service", "status": "in-progress", "notes": "Booked"},
    )
    assert saved.status_code == 302
    assert ActionUpdate.objects.get().notes == "Booked"
    six = submit(west_berkshire, wb_lead, 6, levels)

    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="owner"' not in html and "Save action" not in html
    assert "This plan is read-only: the 6 months round replaced it." in html
    assert "Carried over to 6 months" in html
    later = reverse("fidelity:edit_action", kwargs={"pk": six.pk, "indicator_slug": "t1"})
    assert f'href="{later}">See this action in the 6 months plan' in html
    results = client.get(reverse("fidelity:results", kwargs={"pk": baseline.pk})).content.decode()
    assert ">Update<" not in results and ">View<" in results
    assert "This plan is read-only" in results

    before = PlannedAction.objects.get(assessment=baseline, indicator__slug="t1")
    forged = client.post(
        url,
        {
            "revision": str(before.revision),
            "owner": "Someone else",
            "status": "done",
            "notes": "",
        },
        follow=True,
    )
    assert forged.redirect_chain[-1][0].endswith(
        reverse("fidelity:results", kwargs={"pk": baseline.pk}) + "#action-plan"
    )
    assert "This plan is read-only: the 6 months round replaced it" in forged.content.decode()
    after = PlannedAction.objects.get(pk=before.pk)
    assert (after.owner, after.status, after.revision) == (
        "Head of service",
        ActionStatus.IN_PROGRESS,
        before.revision,
    )
    with pytest.raises(services.PlanReadOnly):
        record(baseline, "t1", wb_lead, owner="Someone else")


def test_the_plan_puts_overdue_first_then_priority_then_due_date_and_done_last(
    small_framework, west_berkshire, wb_lead
):
    today = timezone.localdate()
    baseline = submit(
        west_berkshire, wb_lead, 0, {"t1": "0", "t2": "1", "t3": "1", "d1": "1", "d2": "1"}
    )
    # Priorities: t1 4, t2 2, t3 1, d1 1, d2 1.
    record(baseline, "t1", wb_lead, status="done")
    record(baseline, "d2", wb_lead, due=today - datetime.timedelta(days=1), status="in-progress")
    record(baseline, "d1", wb_lead, due=today + datetime.timedelta(days=5))
    record(baseline, "t3", wb_lead, due=today + datetime.timedelta(days=30))
    plan = assessment_results(baseline).plan
    assert [row.indicator.slug for row in plan.rows] == ["d2", "t2", "d1", "t3", "t1"]
    assert [r.indicator.slug for r in plan.rows if r.overdue] == ["d2"]
    assert plan.progress == {"done": 1, "in_progress": 1, "not_started": 3, "overdue": 1}
    assert [(title, [r.indicator.slug for r in rows]) for title, rows in plan.by_domain] == [
        ("Teams", ["t2", "t3", "t1"]),
        ("Data", ["d2", "d1"]),
    ]


def test_a_long_plan_shows_the_ten_most_urgent_then_all_by_domain_with_progress(
    client, submitted, wb_lead
):
    results = assessment_results(submitted)
    count = len(results.actions)
    assert count > 10
    client.force_login(wb_lead)
    html = client.get(reverse("fidelity:results", kwargs={"pk": submitted.pk})).content.decode()
    assert "The 10 most urgent actions" in html
    assert f"All {count} actions by domain" in html
    assert f"Progress of the {count} actions" in html
    for title, _rows in results.plan.by_domain:
        assert (
            f'<caption class="govuk-table__caption govuk-table__caption--s">{title}</caption>'
            in html
        )
    assert html.count(">Update<") == 10 + count


def test_the_csv_and_the_print_report_carry_the_plan(
    client, small_framework, west_berkshire, wb_lead
):
    baseline = submit(
        west_berkshire, wb_lead, 0, {"t1": "0", "t2": "1", "t3": "2", "d1": "1", "d2": "2"}
    )
    record(
        baseline,
        "t1",
        wb_lead,
        owner="Head of service",
        due=ROUND_DAY,
        status="in-progress",
        notes="Coaching booked",
    )
    six = submit(
        west_berkshire, wb_lead, 6, {"t1": "1", "t2": "2", "t3": "2", "d1": "1", "d2": "2"}
    )
    client.force_login(wb_lead)

    def csv_rows(assessment):
        response = client.get(reverse("fidelity:answers_csv", kwargs={"pk": assessment.pk}))
        return {
            r["Indicator code"]: r
            for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
        }

    rows = csv_rows(six)
    assert {k: rows["t1"][k] for k in rows["t1"] if k.startswith("Action")} == {
        "Action priority": "2",
        "Action urgency rank": "1",
        "Action status": "In progress",
        "Action owner": "Head of service",
        "Action due date": "2027-03-31",
        "Action overdue": "yes" if timezone.localdate() > ROUND_DAY else "no",
        "Action notes": "Coaching booked",
        "Action carried over from": "Baseline",
        "Action outcome": "",
    }
    assert (
        rows["d1"]["Action status"] == "Not started"
        and rows["d1"]["Action carried over from"] == "Baseline"
    )
    assert rows["t2"]["Action priority"] == ""  # at the model standard: no action
    earlier = csv_rows(baseline)
    assert earlier["t1"]["Action outcome"] == "Carried over to 6 months"
    assert earlier["t2"]["Action outcome"] == "Closed: gap met in 6 months"

    report = client.get(reverse("fidelity:results_print", kwargs={"pk": six.pk})).content.decode()
    assert "Coaching booked" in report and "Carried over from Baseline" in report
    assert "Progress of the 2 actions" in report
    assert "Indicator t2 (Teams): gap met" in report
    assert ">Update<" not in report


def test_the_home_page_lists_a_carried_over_action_once(
    client, small_framework, west_berkshire, wb_lead
):
    levels = {"t1": "0", "t2": "2", "t3": "2", "d1": "2", "d2": "2"}
    baseline = submit(west_berkshire, wb_lead, 0, levels)
    record(
        baseline,
        "t1",
        wb_lead,
        owner="Head of service",
        due=timezone.localdate(),
        status="in-progress",
    )
    submit(west_berkshire, wb_lead, 6, levels)
    client.force_login(wb_lead)
    html = client.get(reverse("accounts:home")).content.decode()
    assert html.count("Indicator t1: due") == 1


def resubmit(assessment, lead, levels):
    """A returned round answered again with ``levels`` and submitted again."""
    for domain in ("teams", "data"):
        section = assessment.sections.get(key=domain)
        services.save_section(
            assessment=assessment,
            key=domain,
            values={s: (lvl, "Evidence") for s, lvl in levels.items() if s.startswith(domain[0])},
            base_revision=section.revision,
            user=lead,
        )
    return services.submit_assessment(assessment=assessment, user=lead, declaration=True)


def test_a_round_returned_and_submitted_again_hands_the_plan_over_again(
    small_framework, west_berkshire, wb_lead
):
    levels = {"t1": "0", "t2": "2", "t3": "2", "d1": "1", "d2": "2"}
    baseline = submit(west_berkshire, wb_lead, 0, levels)
    record(baseline, "t1", wb_lead, owner="Head of service", status="in-progress")
    six = submit(west_berkshire, wb_lead, 6, levels)
    record(six, "d1", wb_lead, owner="Data lead", status="in-progress")
    six.status = "returned"  # as a reviewer returns it
    six.save(update_fields=["status"])
    # While the later round is returned, the earlier plan stays read-only.
    assert not assessment_results(baseline).plan.editable

    six = resubmit(six, wb_lead, {**levels, "t1": "2"})
    assert set(plan_of(six)) == {"d1"}
    assert plan_of(six)["d1"].planned.owner == "Data lead"  # kept what this round recorded
    old = plan_of(baseline)
    assert old["t1"].outcome == "Closed: gap met in 6 months"
    assert old["d1"].outcome == "Carried over to 6 months"
    assert PlannedAction.objects.filter(assessment=six).count() == 2  # t1's stays, unlisted


def test_a_reviewer_sees_the_carried_over_plan_without_links_to_change_it(
    client, small_framework, west_berkshire, wb_lead, cohort, reviewer
):
    cohort.reviewers.add(reviewer)
    levels = {"t1": "0", "t2": "2", "t3": "2", "d1": "2", "d2": "2"}
    baseline = submit(west_berkshire, wb_lead, 0, levels)
    record(baseline, "t1", wb_lead, owner="Head of service", status="in-progress", notes="Booked")
    six = submit(west_berkshire, wb_lead, 6, levels)
    client.force_login(reviewer)
    html = client.get(
        reverse("review:assessment", kwargs={"cohort_pk": cohort.pk, "assessment_pk": six.pk})
    ).content.decode()
    assert "Carried over from Baseline" in html and "Head of service" in html
    assert "/actions/" not in html


def test_the_upgrade_command_carries_over_plans_of_rounds_submitted_before_once(
    small_framework, west_berkshire, wb_lead
):
    levels = {"t1": "0", "t2": "2", "t3": "2", "d1": "1", "d2": "2"}
    baseline = submit(west_berkshire, wb_lead, 0, levels)
    record(baseline, "t1", wb_lead, owner="Head of service", status="in-progress")
    six = submit(west_berkshire, wb_lead, 6, {**levels, "d1": "2"})
    # As a database from before plans carried over holds them: nothing handed over.
    PlannedAction.objects.filter(assessment=six).delete()
    PlannedAction.objects.filter(assessment=baseline).update(closed_in=None, closed_reason="")
    PlannedAction.objects.filter(assessment=baseline, revision=0).delete()
    assert plan_of(six)["t1"].planned is None

    output = io.StringIO()
    call_command("carry_over_action_plans", stdout=output)
    assert "West Berkshire 6 months: the plan of the round before carried over" in output.getvalue()
    assert plan_of(six)["t1"].planned.owner == "Head of service"
    assert plan_of(baseline)["d1"].outcome == "Closed: gap met in 6 months"
    again = io.StringIO()
    call_command("carry_over_action_plans", stdout=again)
    assert again.getvalue() == "0 rounds took a plan over.\n"
