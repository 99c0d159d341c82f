"""Reviewer downloads: the overview and every answer open as CSV and Excel, hold the right rows,
neutralise formulas, leave an audit trail and run a fixed number of queries."""

import csv
import io
import re

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from openpyxl import load_workbook

from authorities.choices import AuditAction
from authorities.models import AuditEvent
from cohorts import exports
from cohorts.models import AnswersExport, Milestone
from fidelity.models import Domain
from tests.cohorts.factories import FORMULA_NOTE, add_council
from tests.pages import assert_no_template_syntax

pytestmark = pytest.mark.django_db

BOM = "\ufeff".encode()


def url(name: str, cohort) -> str:
    return reverse(f"review_exports:{name}", kwargs={"cohort_pk": cohort.pk})


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(BOM), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response):
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    return load_workbook(io.BytesIO(response.content))


def expected_overview_header() -> list[str]:
    domains = Domain.objects.filter(framework__is_current=True).order_by("sort_order")
    return [
        "Council",
        "ONS code",
        "Round",
        "Status",
        "Overall score (%)",
        "Band",
        "Capped",
        *(f"{d.title} {kind}" for d in domains for kind in ("score (%)", "rating")),
        "Change since previous round (points)",
        "Milestones done",
        "Milestones total",
        "Late milestones",
        "Stage",
        "Last submitted",
    ]


def test_overview_csv_has_a_row_per_council_then_median_and_reference(client, api_world):
    client.force_login(api_world.reviewer)
    response = client.get(url("overview_csv", api_world.cohort))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="innovation-programme-2017-overview.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    header, *rows = read_csv(response)
    assert header == expected_overview_header()
    assert [row[0] for row in rows] == [
        "Luton",
        "West Berkshire",
        "Cohort median",
        "Model standard (reference)",
    ]
    luton, wb, median, reference = (dict(zip(header, row, strict=True)) for row in rows)
    six, baseline = api_world.wb_six.scores, api_world.wb_baseline.scores
    assert wb["ONS code"] == "E06000037"
    assert wb["Round"] == "6 months"
    assert wb["Status"] == "Submitted"
    assert float(wb["Overall score (%)"]) == six["overall"]
    assert wb["Band"] == six["band"]
    assert float(wb["Change since previous round (points)"]) == round(
        six["overall"] - baseline["overall"], 1
    )
    assert (wb["Milestones done"], wb["Milestones total"], wb["Late milestones"]) == (
        "1",
        str(Milestone.objects.count()),
        "1",
    )
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", wb["Last submitted"])
    assert luton["Round"] == "Baseline"  # the draft 6-month round is not shown
    assert luton["Change since previous round (points)"] == ""
    first_domain = Domain.objects.filter(framework__is_current=True).order_by("sort_order")[0]
    score = f"{first_domain.title} score (%)"
    assert float(median[score]) == pytest.approx((float(wb[score]) + float(luton[score])) / 2)
    overall = "Overall score (%)"
    assert float(median[overall]) == pytest.approx(
        (float(wb[overall]) + float(luton[overall])) / 2, abs=0.05
    )
    assert reference["Band"] == "High fidelity"
    assert float(reference[overall]) > 0
    assert reference[f"{first_domain.title} rating"] == "green"


def test_overview_export_follows_the_round_filter(client, api_world):
    client.force_login(api_world.reviewer)
    response = client.get(url("overview_csv", api_world.cohort), {"round": 0})
    header, *rows = read_csv(response)
    wb = dict(zip(header, rows[1], strict=True))
    assert wb["Round"] == "Baseline"
    assert float(wb["Overall score (%)"]) == api_world.wb_baseline.scores["overall"]
    assert 'overview-0-months.csv"' in response["Content-Disposition"]
    assert client.get(url("overview_csv", api_world.cohort), {"round": "7"}).status_code == 404
    assert client.get(url("overview_csv", api_world.cohort), {"round": "x"}).status_code == 404


def test_overview_xlsx_opens_with_a_frozen_bold_header_and_bold_summary_rows(client, api_world):
    client.force_login(api_world.reviewer)
    response = client.get(url("overview_xlsx", api_world.cohort))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('overview.xlsx"')
    workbook = read_xlsx(response)
    assert workbook.sheetnames == ["Overview", "Data dictionary"]
    sheet = workbook["Overview"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == expected_overview_header()
    assert [row[0] for row in rows[1:]] == [
        "Luton",
        "West Berkshire",
        "Cohort median",
        "Model standard (reference)",
    ]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.cell(row=4, column=1).font.b and sheet.cell(row=5, column=1).font.b
    assert not sheet.cell(row=2, column=1).font.b
    assert rows[2][4] == api_world.wb_six.scores["overall"]  # a number, not text
    assert sheet.column_dimensions["A"].width >= len("Model standard (reference)")
    first_domain = Domain.objects.filter(framework__is_current=True).order_by("sort_order")[0]
    dictionary = assert_dictionary_describes(workbook, rows[0])
    assert dictionary["Overall score (%)"][0] == "overall"
    assert dictionary[f"{first_domain.title} rating"][0] == f"rag_{first_domain.slug}"


def assert_dictionary_describes(workbook, headings) -> dict[str, tuple[str, str]]:
    """The "Data dictionary" sheet: a row per column, in order, with a unique machine name
    and a meaning. Returns heading -> (machine name, meaning)."""
    sheet = workbook["Data dictionary"]
    header, *rows = sheet.iter_rows(values_only=True)
    assert list(header) == ["Heading", "Machine name", "Meaning"]
    assert [row[0] for row in rows] == list(headings)
    names = [row[1] for row in rows]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[a-z][a-z0-9_-]*", name) for name in names), names
    assert all(row[2] for row in rows)
    assert sheet.freeze_panes == "A2" and all(cell.font.b for cell in sheet[1])
    return {row[0]: (row[1], row[2]) for row in rows}


def test_answers_csv_is_tidy_one_row_per_council_round_and_indicator(client, api_world):
    client.force_login(api_world.reviewer)
    response = client.get(url("answers_csv", api_world.cohort))
    assert response.status_code == 200
    header, *rows = read_csv(response)
    assert header == [column.heading for column in exports.ANSWER_COLUMNS]
    assert header[:4] == ["Council", "ONS code", "Round (months)", "Round"]
    # West Berkshire's two rounds and Luton's baseline; not Luton's draft, not Peterborough.
    assert len(rows) == 3 * api_world.indicator_count
    # Scripts map the headings to the machine names the data dictionary gives.
    names = [column.name for column in exports.ANSWER_COLUMNS]
    records = [dict(zip(names, row, strict=True)) for row in rows]
    assert {(r["council"], r["round"]) for r in records} == {
        ("Luton", "0"),
        ("West Berkshire", "0"),
        ("West Berkshire", "6"),
    }
    assert [r["council"] for r in records[:1]] == ["Luton"]
    first = next(r for r in records if r["council"] == "West Berkshire" and r["round"] == "6")
    assert first["evidence_note"] == "'" + FORMULA_NOTE
    assert first["round_label"] == "6 months"
    assert first["status"] == "submitted"
    assert first["framework_version"] == api_world.framework.version
    assert first["level"] == "2"
    assert first["ons_code"] == "E06000037"
    assert re.fullmatch(
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}", first["submitted_at"]
    )
    assert len({(r["council"], r["round"], r["indicator"]) for r in records}) == len(records)


def prepared_answers_xlsx(client, cohort):
    """Ask for every answer as Excel, run the task (immediate backend) and download the file."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(url("answers_xlsx", cohort))
    export = AnswersExport.objects.latest("pk")
    response = client.get(
        reverse(
            "review_exports:answers_xlsx_download",
            kwargs={"cohort_pk": cohort.pk, "pk": export.pk},
        )
    )
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_answers_xlsx_keeps_formula_text_as_text(client, api_world):
    client.force_login(api_world.reviewer)
    workbook = prepared_answers_xlsx(client, api_world.cohort)
    assert workbook.sheetnames == ["Answers", "Data dictionary"]
    sheet = workbook["Answers"]
    assert sheet.max_row == 1 + 3 * api_world.indicator_count
    headings = [c.value for c in sheet[1]]
    assert headings == [column.heading for column in exports.ANSWER_COLUMNS]
    dictionary = assert_dictionary_describes(workbook, headings)
    assert dictionary["ONS code"][0] == "ons_code"
    assert dictionary["Evidence note"][0] == "evidence_note"
    notes = [c for c in sheet["N"] if c.value == FORMULA_NOTE]
    assert len(notes) == 1 and notes[0].data_type == "s"
    assert sheet.freeze_panes == "A2"


def test_each_export_records_one_audit_event_per_council(client, api_world):
    client.force_login(api_world.reviewer)
    prepared_answers_xlsx(client, api_world.cohort)
    events = AuditEvent.objects.filter(action=AuditAction.EXPORTED)
    assert sorted(e.authority.name for e in events) == ["Luton", "West Berkshire"]
    assert {e.user for e in events} == {api_world.reviewer}
    assert {e.detail for e in events} == {"Answers of Innovation Programme 2017 (XLSX)"}
    client.get(url("overview_csv", api_world.cohort))
    assert AuditEvent.objects.filter(action=AuditAction.EXPORTED).count() == 4


@pytest.mark.parametrize("name", ["answers_csv", "answers_xlsx", "overview_csv", "overview_xlsx"])
# answers_xlsx: the page that lists the reviewer's Excel files and prepares one
def test_export_queries_do_not_grow_with_the_number_of_councils(client, api_world, name):
    client.force_login(api_world.reviewer)
    client.get(url(name, api_world.cohort))  # warm up the session
    with CaptureQueriesContext(connection) as two:
        assert client.get(url(name, api_world.cohort)).status_code == 200
    for number in (1, 2, 3):
        add_council(api_world.cohort, number)
    # New councils change the register, which starts the page chrome's caches afresh.
    client.get(url(name, api_world.cohort))
    with CaptureQueriesContext(connection) as five:
        response = client.get(url(name, api_world.cohort))
    assert response.status_code == 200
    assert len(five) == len(two), [q["sql"] for q in five]


def test_answers_are_read_in_one_query():
    from cohorts.models import Cohort

    with CaptureQueriesContext(connection) as queries:
        exports.answers_table(Cohort(pk=1))
    assert len(queries) == 1


def test_the_overview_page_lists_the_csv_columns_with_their_machine_names(client, api_world):
    client.force_login(api_world.reviewer)
    response = client.get(reverse("review:overview", kwargs={"cohort_pk": api_world.cohort.pk}))
    html = response.content.decode()
    assert "Columns of the table's download" in html
    assert '<th scope="row" class="govuk-table__header">Overall score (%)</th>' in html
    for column in exports.ANSWER_COLUMNS:
        assert f"<code>{column.name}</code>" in html
    assert_no_template_syntax(response)
