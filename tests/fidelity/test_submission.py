"""Submission: a lead only, complete only, once only, all or nothing; then the results."""

import csv
import datetime
import io
from pathlib import Path

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.html import escape

import pytest

from authorities.choices import AuditAction
from authorities.models import AuditEvent
from fidelity import services
from fidelity.choices import AssessmentStatus
from fidelity.models import Answer, Assessment, EvidenceFile, PlannedAction
from fidelity.selectors import ANSWERS_CSV_COLUMNS, section_keys
from tests.fidelity.factories import answer_everything
from tests.fidelity.journey import section_url
from tests.pages import assert_no_machine_dates

pytestmark = pytest.mark.django_db


def check_url(assessment):
    return reverse("fidelity:check_answers", kwargs={"pk": assessment.pk})


def test_check_answers_lists_every_section_with_change_links(client, draft, wb_lead):
    answer_everything(draft, wb_lead)
    client.force_login(wb_lead)
    content = client.get(check_url(draft)).content.decode()
    for key in section_keys(draft.framework):
        assert f"{section_url(draft, key)}?return=check" in content
    assert "4 funded, 4 filled" in content
    assert "Yes, since 1 April 2018" in content
    assert "Submit assessment" in content


def test_a_lead_submits_with_the_declaration_and_the_assessment_locks(client, draft, wb_lead):
    answer_everything(draft, wb_lead)
    client.force_login(wb_lead)
    response = client.post(check_url(draft), {"declaration": "on"})
    assert response["Location"] == reverse("fidelity:submitted", kwargs={"pk": draft.pk})
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.SUBMITTED
    assert draft.submitted_by == wb_lead and draft.submitted_at is not None
    confirmation = client.get(response["Location"]).content.decode()
    assert "Assessment submitted" in confirmation
    # Locked: the sections are gone, and a save through the service is refused.
    assert client.get(section_url(draft, "context")).status_code == 404
    with pytest.raises(services.AssessmentLocked):
        services.save_section(
            assessment=draft, key="context", values={}, base_revision=1, user=wb_lead
        )
    assert AuditEvent.objects.filter(action=AuditAction.SUBMITTED, user=wb_lead).count() == 1


def test_the_declaration_is_required(client, draft, wb_lead):
    answer_everything(draft, wb_lead)
    client.force_login(wb_lead)
    content = client.post(check_url(draft), {}).content.decode()
    assert "Confirm the declaration to submit the assessment" in content
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT


def test_a_contributor_cannot_submit(client, draft, wb_lead, wb_contributor):
    answer_everything(draft, wb_lead)
    client.force_login(wb_contributor)
    assert "Only your council's lead can submit" in client.get(check_url(draft)).content.decode()
    assert client.post(check_url(draft), {"declaration": "on"}).status_code == 403
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT and draft.submitted_at is None


def test_incomplete_sections_block_submission(client, draft, wb_lead):
    client.force_login(wb_lead)
    response = client.post(check_url(draft), {"declaration": "on"})
    assert "Complete every section before you submit." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT


def test_submitting_twice_from_two_tabs_submits_once(client, draft, wb_lead):
    answer_everything(draft, wb_lead)
    client.force_login(wb_lead)
    client.post(check_url(draft), {"declaration": "on"})
    first = Assessment.objects.get().submitted_at
    second = client.post(check_url(draft), {"declaration": "on"})
    assert second.status_code == 302  # to the results, with "already submitted"
    assert Assessment.objects.get().submitted_at == first
    assert AuditEvent.objects.filter(action=AuditAction.SUBMITTED).count() == 1
    with pytest.raises(services.AssessmentLocked, match="already submitted"):
        services.submit_assessment(assessment=draft, user=wb_lead, declaration=True)


def test_results_show_scores_reference_gap_and_action_plan(client, submitted, wb_lead):
    client.force_login(wb_lead)
    response = client.get(reverse("fidelity:results", kwargs={"pk": submitted.pk}))
    content = response.content.decode()
    results = response.context["results"]
    assert str(results.overall) == "50.0"  # every answer 1
    assert results.band == "Moderate fidelity"
    assert "Moderate fidelity" in content and "The model standard on the same indicators" in content
    assert len(results.actions) == submitted.framework.indicators.filter(reference_level=2).count()
    priorities = [a.priority for a in results.actions]
    assert priorities == sorted(priorities, reverse=True)
    assert f'src="/assessments/{submitted.pk}/results/radar.svg"' in content


def test_results_show_what_each_reference_level_rests_on(client, submitted, wb_lead):
    client.force_login(wb_lead)
    content = client.get(reverse("fidelity:results", kwargs={"pk": submitted.pk})).content.decode()
    framework = submitted.framework
    hertfordshire = framework.indicators.filter(reference_source="hertfordshire").count()
    none = framework.indicators.filter(reference_source="none").count()
    assert 0 < hertfordshire < 50 and 0 < none < 50
    assert f"{hertfordshire} rest on a published account of Hertfordshire's service" in content
    assert f"{none} are the framework's own expectation" in content
    psychologist = framework.indicators.get(slug="psychologist-post")
    table = content.split('id="model-standard-caption"', 1)[1]
    row = table.split(f"{psychologist.title}<br>", 1)[1].split("</tr>", 1)[0]
    assert escape(psychologist.reference_basis) in row
    assert "Keeping Families Together (West Berkshire Council, date not given)" in row
    assert (
        '<a class="govuk-link" href="/methodology/">How the fidelity self-assessment works</a>'
        in (content)
    )


def test_the_critical_cap_is_explained(client, draft, wb_lead):
    critical = draft.framework.indicators.filter(critical=True).first()
    answer_everything(draft, wb_lead, level="2", overrides={critical.slug: "0"})
    services.submit_assessment(assessment=draft, user=wb_lead, declaration=True)
    client.force_login(wb_lead)
    content = client.get(reverse("fidelity:results", kwargs={"pk": draft.pk})).content.decode()
    assert "capped at low fidelity" in content
    assert critical.title in content
    assert "would be high fidelity" in content


def test_the_csv_holds_one_row_per_indicator_and_is_audited(client, submitted, wb_lead):
    client.force_login(wb_lead)
    response = client.get(reverse("fidelity:answers_csv", kwargs={"pk": submitted.pk}))
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert reader.fieldnames == [column.heading for column in ANSWERS_CSV_COLUMNS]
    assert reader.fieldnames[:6] == [
        "Council",
        "ONS code",
        "Round",
        "Framework version",
        "Status",
        "Overall score (%)",
    ]
    rows = list(reader)
    assert len(rows) == submitted.framework.indicators.count()
    assert {r["Overall score (%)"] for r in rows} == {"50.0"}
    assert rows[0]["Council"] == "West Berkshire" and rows[0]["Level"] == "1"
    # The results page lists each column's machine name and meaning for scripts.
    page = client.get(reverse("fidelity:results", kwargs={"pk": submitted.pk})).content.decode()
    for column in ANSWERS_CSV_COLUMNS:
        assert f"<code>{column.name}</code>" in page
    assert AuditEvent.objects.filter(action=AuditAction.CSV_DOWNLOADED).exists()


def test_csv_cells_that_spreadsheets_would_run_are_neutralised(client, draft, wb_lead):
    answer_everything(draft, wb_lead)
    Answer.objects.filter(assessment=draft).update(evidence_note='=HYPERLINK("http://x")')
    services.submit_assessment(assessment=draft, user=wb_lead, declaration=True)
    client.force_login(wb_lead)
    content = client.get(reverse("fidelity:answers_csv", kwargs={"pk": draft.pk})).content.decode()
    assert "'=HYPERLINK" in content


def test_the_council_sets_owner_due_date_and_status_of_an_action(client, submitted, wb_lead):
    client.force_login(wb_lead)
    indicator = submitted.framework.indicators.filter(reference_level=2).first()
    url = reverse(
        "fidelity:edit_action", kwargs={"pk": submitted.pk, "indicator_slug": indicator.slug}
    )
    bad = client.post(
        url,
        {
            "revision": "0",
            "owner": "Head of service",
            "due_date-day": "31",
            "due_date-month": "13",
            "due_date-year": "2027",
            "status": "in-progress",
        },
    )
    assert "The due date must be a real date" in bad.content.decode()
    assert not PlannedAction.objects.exists()
    response = client.post(
        url,
        {
            "revision": "0",
            "owner": "Head of service",
            "due_date-day": "31",
            "due_date-month": "3",
            "due_date-year": "2027",
            "status": "in-progress",
        },
    )
    assert response.status_code == 302
    planned = PlannedAction.objects.get()
    assert (planned.owner, planned.due_date.isoformat(), planned.status) == (
        "Head of service",
        "2027-03-31",
        "in-progress",
    )
    content = client.get(reverse("fidelity:results", kwargs={"pk": submitted.pk})).content.decode()
    assert "Head of service" in content and ">31 March 2027</time>" in content
    no_action = submitted.framework.indicators.filter(reference_level=1).first()
    assert (
        client.get(
            reverse(
                "fidelity:edit_action",
                kwargs={"pk": submitted.pk, "indicator_slug": no_action.slug},
            )
        ).status_code
        == 404
    )


def action_data(*, owner="", day="", month="", year="", status="not-started", revision=0):
    return {
        "revision": str(revision),
        "owner": owner,
        "due_date-day": day,
        "due_date-month": month,
        "due_date-year": year,
        "status": status,
    }


def test_two_people_updating_one_action_the_later_save_is_refused_with_what_changed(
    client, submitted, wb_lead, wb_contributor
):
    indicator = submitted.framework.indicators.filter(reference_level=2).first()
    url = reverse(
        "fidelity:edit_action", kwargs={"pk": submitted.pk, "indicator_slug": indicator.slug}
    )
    lead = client.__class__()
    lead.force_login(wb_lead)
    client.force_login(wb_contributor)
    opened = client.get(url).context["form"]["revision"].value()
    assert lead.get(url).context["form"]["revision"].value() == opened == 0

    saved = lead.post(url, action_data(owner="Head of service", status="in-progress"))
    assert saved.status_code == 302
    mine = action_data(owner="MI lead", day="30", month="6", year="2027", status="not-started")
    refused = client.post(url, mine | {"revision": str(opened)})

    assert refused.status_code == 409
    html = refused.content.decode()
    assert "govuk-error-summary" in html and "<title>Error: " in html
    assert "Wb-Lead saved this action at" in html and "after you opened this page" in html
    assert refused.context["changes"] == [
        ("Owner", "Head of service", "MI lead"),
        ("Due date", "Not given", "30 June 2027"),
        ("Status", "In progress", "Not started"),
    ]
    assert 'value="MI lead"' in html  # what they typed stays in the form
    planned = PlannedAction.objects.get()
    assert (planned.owner, planned.status, planned.updated_by) == (
        "Head of service",
        "in-progress",
        wb_lead,
    )

    again = refused.context["form"]["revision"].value()
    assert again == str(planned.revision)
    assert client.post(url, mine | {"revision": again}).status_code == 302
    planned.refresh_from_db()
    assert (planned.owner, planned.due_date, planned.status, planned.updated_by) == (
        "MI lead",
        datetime.date(2027, 6, 30),
        "not-started",
        wb_contributor,
    )


def test_updating_an_action_on_a_stale_revision_raises_and_changes_nothing(
    submitted, wb_lead, wb_contributor
):
    indicator = submitted.framework.indicators.filter(reference_level=2).first()

    def update(user, base_revision, owner):
        return services.update_planned_action(
            assessment=submitted,
            indicator=indicator,
            base_revision=base_revision,
            owner=owner,
            due_date=None,
            status="in-progress",
            user=user,
        )

    assert update(wb_lead, 0, "Head of service").revision == 1
    with pytest.raises(services.PlannedActionConflict) as raised:
        update(wb_contributor, 0, "MI lead")
    assert raised.value.theirs["owner"] == "Head of service"
    planned = PlannedAction.objects.get()
    assert (planned.owner, planned.revision, planned.updated_by) == ("Head of service", 1, wb_lead)
    assert update(wb_contributor, 1, "MI lead").revision == 2


def test_a_later_round_starts_prefilled_and_progress_shows_both_rounds(client, submitted, wb_lead):
    client.force_login(wb_lead)
    response = client.post(
        reverse("fidelity:start"),
        {"authority": submitted.authority_id, "round": "6", "prefill": "yes"},
    )
    later = Assessment.objects.get(round=6)
    assert later.prefilled_from == submitted
    assert later.answers.count() == submitted.answers.count()
    assert later.teams == submitted.teams
    tasks = client.get(response["Location"]).content.decode()
    assert "You have completed 0 of 9 sections." in tasks and "copied from your Baseline" in tasks
    # Confirm every section as it stands and submit: progress over two rounds appears.
    for section in later.sections.all():
        from fidelity.selectors import section_values

        services.save_section(
            assessment=later,
            key=section.key,
            values=section_values(later, section.key),
            base_revision=section.revision,
            user=wb_lead,
        )
    services.submit_assessment(assessment=later, user=wb_lead, declaration=True)
    content = client.get(reverse("fidelity:results", kwargs={"pk": later.pk})).content.decode()
    assert "Progress over rounds" in content
    chart = client.get(reverse("fidelity:progress_chart", kwargs={"pk": later.pk}))
    assert b"6 months" in chart.content and b"Baseline" in chart.content


def test_starting_the_same_round_twice_is_an_error(client, submitted, wb_lead):
    client.force_login(wb_lead)
    content = client.post(
        reverse("fidelity:start"),
        {"authority": submitted.authority_id, "round": "0", "prefill": "no"},
    ).content.decode()
    assert "already has a Baseline assessment" in content
    assert Assessment.objects.count() == 1


def test_the_history_lists_who_did_what(client, submitted, wb_lead):
    client.force_login(wb_lead)
    content = client.get(reverse("fidelity:history", kwargs={"pk": submitted.pk})).content.decode()
    assert "Started the assessment" in content
    assert "Saved a section" in content
    assert "Submitted the assessment" in content


def test_history_results_and_submission_pages_write_times_as_gov_uk_does(
    client, submitted, wb_lead
):
    """Submitted at 12:05pm on a summer day (BST): 11:05 in UTC."""
    moment = datetime.datetime(2026, 7, 1, 11, 5, tzinfo=datetime.UTC)
    Assessment.objects.filter(pk=submitted.pk).update(submitted_at=moment)
    AuditEvent.objects.filter(action=AuditAction.SUBMITTED).update(created_at=moment)
    client.force_login(wb_lead)
    html = {
        name: client.get(reverse(f"fidelity:{name}", kwargs={"pk": submitted.pk})).content.decode()
        for name in ("history", "results", "results_print", "submitted", "check_answers")
    }
    exact = '<time datetime="2026-07-01T12:05+01:00">12:05pm, 1 July 2026</time>'
    assert exact in html["history"] and exact in html["submitted"]
    for name in ("results", "results_print", "check_answers"):
        assert 'on <time datetime="2026-07-01">1 July 2026</time>' in html[name], name
    for name, page in html.items():
        assert "p.m." not in page, name
        assert_no_machine_dates(page)

    with pytest.raises(services.AssessmentLocked, match="submitted at 12:05pm, 1 July 2026"):
        services.submit_assessment(assessment=submitted, user=wb_lead, declaration=True)


def test_submitted_answers_are_shown_read_only(client, submitted, wb_lead):
    client.force_login(wb_lead)
    content = client.get(check_url(submitted)).content.decode()
    assert "Submitted answers" in content
    assert "Change" not in content and "Submit assessment" not in content
    assert "Evidence for" in content


def test_the_done_step_checks_every_section_again(client, draft, wb_lead):
    client.force_login(wb_lead)
    done = reverse("fidelity:section", kwargs={"pk": draft.pk, "step": "done"})
    response = client.get(done)
    assert response["Location"] == section_url(draft, "context")  # the first section not done
    answer_everything(draft, wb_lead)
    assert client.get(done)["Location"] == check_url(draft)


def test_a_prefilled_round_gets_its_own_copy_of_each_evidence_file(client, submitted, wb_lead):
    indicator = submitted.framework.indicators.first()
    original = EvidenceFile.objects.create(
        assessment=submitted,
        indicator=indicator,
        file=ContentFile(b"%PDF-1.7\nminutes", name="minutes.pdf"),
        original_name="board minutes.pdf",
        content_type="application/pdf",
        size=16,
        uploaded_by=wb_lead,
    )
    client.force_login(wb_lead)

    client.post(
        reverse("fidelity:start"),
        {"authority": submitted.authority_id, "round": "6", "prefill": "yes"},
    )

    later = Assessment.objects.get(round=6)
    copy = later.evidence_files.get()
    assert (copy.indicator, copy.original_name, copy.size) == (indicator, "board minutes.pdf", 16)
    assert copy.file.name != original.file.name
    # The council opens the copy from the new round.
    response = client.get(
        reverse("fidelity:evidence_file", kwargs={"pk": later.pk, "file_pk": copy.pk})
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7\nminutes"
    # Removing the copy leaves the earlier round's file where it was.
    copy.file.delete(save=False)
    with original.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.7\nminutes"


def stored_files() -> set[str]:
    root = Path(EvidenceFile._meta.get_field("file").storage.location)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def test_a_failed_prefill_leaves_no_copied_files_behind(submitted, wb_lead, monkeypatch):
    EvidenceFile.objects.create(
        assessment=submitted,
        indicator=submitted.framework.indicators.first(),
        file=ContentFile(b"%PDF-1.7\n", name="minutes.pdf"),
        original_name="minutes.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=wb_lead,
    )
    before = stored_files()

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services.Section.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        services.start_assessment(
            user=wb_lead, authority=submitted.authority, round=6, prefill_from=submitted
        )

    assert not Assessment.objects.filter(round=6).exists()
    assert stored_files() == before
