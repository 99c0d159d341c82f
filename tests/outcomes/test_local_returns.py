"""Councils' quarterly local returns: the rules, the form, the CSV upload, access, queries."""

import datetime
import html as html_lib
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse
from django.utils import timezone

import pytest

from authorities.choices import AuditAction
from cohorts.models import Cohort
from outcomes import returns, returns_urls, services
from outcomes.choices import LocalMeasure
from outcomes.models import LocalReturn, QuarterSignOff
from tests.pages import assert_no_template_syntax, assert_not_cached

JAN_MAR_2024 = datetime.date(2024, 1, 1)
APR_JUN_2024 = datetime.date(2024, 4, 1)
JAN_MAR_2025 = datetime.date(2025, 1, 1)
TODAY = datetime.date(2025, 6, 15)


# The rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quarter"),
    [("2025-01-01", datetime.date(2025, 1, 1)), ("Q1 2025-26", datetime.date(2025, 4, 1)),
     ("2025-26 q2", datetime.date(2025, 7, 1)), ("Q3 2025/26", datetime.date(2025, 10, 1)),
     ("q4 2025-2026", datetime.date(2026, 1, 1)), ("Q1-2014-15", datetime.date(2014, 4, 1))],
)  # fmt: skip
def test_a_quarter_is_its_first_day_or_a_financial_quarter_code(text, quarter):
    assert returns.parse_quarter(text) == quarter


@pytest.mark.parametrize(
    "text", ["2025-02-01", "2025-04-02", "Q5 2025-26", "Q1 2025-27", "spring", "", "2025-Q1"]
)
def test_anything_else_is_not_a_quarter(text):
    with pytest.raises(ValueError, match=r"quarter|first day|financial year"):
        returns.parse_quarter(text)


def test_a_calendar_quarter_code_is_refused_naming_the_financial_quarter_it_would_be():
    # Before quarters were financial, 2025-Q1 meant January to March 2025.
    with pytest.raises(ValueError, match=r"like Q4 2024-25 for January to March 2025"):
        returns.parse_quarter("2025-Q1")


@pytest.mark.parametrize(
    ("quarter", "reason"),
    [(datetime.date(2014, 1, 1), "before 2014-15"), (datetime.date(2025, 7, 1), "not started"),
     (datetime.date(2025, 5, 1), "not the start of a quarter")],
)  # fmt: skip
def test_quarters_that_cannot_have_a_return(quarter, reason):
    assert reason in returns.quarter_problem(quarter, today=TODAY)


def test_the_current_and_earliest_quarters_can_have_a_return():
    assert returns.quarter_problem(datetime.date(2025, 4, 1), today=TODAY) is None
    assert returns.quarter_problem(returns.EARLIEST_QUARTER, today=TODAY) is None


@pytest.mark.parametrize(
    ("measure", "value", "problem"),
    [("families_worked_with", "12", None), ("families_worked_with", "0", None),
     ("families_worked_with", "-1", "0 or more"), ("days_in_care", "3.5", "whole number"),
     ("school_attendance", "92.5", None), ("school_attendance", "100", None),
     ("school_attendance", "140", "0 to 100"), ("school_attendance", "-0.1", "0 to 100"),
     ("school_attendance", "92.55", "one decimal place")],
)  # fmt: skip
def test_value_rules(measure, value, problem):
    found = returns.value_problem(measure, Decimal(value))
    assert found is None if problem is None else problem in found


# The form -------------------------------------------------------------------------------------


def edit_url(authority) -> str:
    return reverse("returns:edit", kwargs={"authority_pk": authority.pk})


def form_data(year="2023-24", quarter="4", note="", revision="", **values) -> dict:
    """What the form posts; ``revision`` is the quarter's as the page showed it ("" if empty)."""
    data = {"year": year, "quarter": quarter, "note": note, "revision": revision}
    data |= dict.fromkeys(LocalMeasure.values, "")
    return data | values


def test_the_form_saves_a_quarter_and_records_who(client, west_berkshire, wb_contributor):
    client.force_login(wb_contributor)
    assert client.get(edit_url(west_berkshire)).status_code == 200

    response = client.post(
        edit_url(west_berkshire),
        form_data(families_worked_with="1,204", school_attendance="91.4", note="From the MIS."),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("returns:authority", args=[west_berkshire.pk])
    saved = {r.measure: r for r in LocalReturn.objects.all()}
    assert set(saved) == {"families_worked_with", "school_attendance"}
    assert saved["families_worked_with"].value == Decimal("1204")
    assert saved["school_attendance"].value == Decimal("91.4")
    assert all(r.quarter == JAN_MAR_2024 and r.note == "From the MIS." for r in saved.values())
    assert all(r.submitted_by == wb_contributor and r.updated_at for r in saved.values())

    html = client.get(response["Location"]).content.decode()
    assert "Q4 2023-24 (January to March 2024)" in html
    assert "1,204" in html and "91.4%" in html
    assert "Wb-Contributor" in html


def test_the_form_changes_and_clears_figures(client, west_berkshire, wb_contributor):
    client.force_login(wb_contributor)
    client.post(edit_url(west_berkshire), form_data(days_in_care="30", staff_trained_mi="4"))

    page = client.get(edit_url(west_berkshire) + "?quarter=2024-01-01")
    html = page.content.decode()
    assert 'value="30"' in html and 'value="4"' in html

    revision = page.context["form"]["revision"].value()
    client.post(edit_url(west_berkshire), form_data(days_in_care="31", revision=revision))

    assert {r.measure: r.value for r in LocalReturn.objects.all()} == {"days_in_care": 31}


@pytest.mark.parametrize(
    ("data", "message"),
    [(form_data(year=""), "Enter the financial year"), (form_data(quarter=""), "Select the quarter"),
     (form_data(year="2024"), "Enter the financial year as 2 years, like 2025-26"),
     (form_data(year="2024-26"), "A financial year runs into the next year, like 2024-25"),
     (form_data(year="2099-00", days_in_care="3"), "has not started yet"),
     (form_data(year="2013-14", days_in_care="3"), "before 2014-15"),
     (form_data(police_da_callouts="-2"), "Police domestic abuse call-outs to those families must be 0 or more"),
     (form_data(school_attendance="140"), "School attendance of the children must be a percentage from 0 to 100"),
     (form_data(days_in_care="lots"), "Days children spent in care must be a number"),
     (form_data(), "Enter a figure for at least one measure")],
)  # fmt: skip
def test_bad_input_shows_the_error_summary_and_saves_nothing(
    client, west_berkshire, wb_contributor, data, message
):
    client.force_login(wb_contributor)

    response = client.post(edit_url(west_berkshire), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert not LocalReturn.objects.exists()


def test_two_people_saving_one_quarter_the_later_save_is_refused_with_what_changed(
    client, west_berkshire, wb_lead, wb_contributor
):
    # The contributor and the lead both open Q4 2023-24, which has one figure.
    services.save_local_return(
        user=wb_lead,
        authority=west_berkshire,
        quarter=JAN_MAR_2024,
        values={"days_in_care": Decimal(30)},
        base_revision="",
        note="From the MIS.",
    )
    url = edit_url(west_berkshire) + "?quarter=2024-01-01"
    lead = client.__class__()
    lead.force_login(wb_lead)
    client.force_login(wb_contributor)
    opened = client.get(url).context["form"]["revision"].value()
    assert lead.get(url).context["form"]["revision"].value() == opened != ""

    saved = lead.post(
        edit_url(west_berkshire),
        form_data(days_in_care="31", school_attendance="92.5", note="Checked.", revision=opened),
    )
    assert saved.status_code == 302
    mine = form_data(days_in_care="35", families_worked_with="12", note="From the MIS.")
    refused = client.post(edit_url(west_berkshire), mine | {"revision": opened})

    assert refused.status_code == 409
    html = html_lib.unescape(refused.content.decode())
    assert "govuk-error-summary" in html and "<title>Error: " in html
    assert "Wb-Lead saved the return for Q4 2023-24 (January to March 2024) at" in html
    labels = dict(LocalMeasure.choices)
    assert refused.context["changes"] == [
        (labels["families_worked_with"], "Not given", "12"),
        (labels["days_in_care"], "31", "35"),
        (labels["school_attendance"], "92.5%", "Not given"),
        ("Note (optional)", "Checked.", "From the MIS."),
    ]
    assert 'value="35"' in html  # what they typed stays in the form
    stored = {r.measure: (r.value, r.note) for r in LocalReturn.objects.all()}
    assert stored == {
        "days_in_care": (Decimal(31), "Checked."),
        "school_attendance": (Decimal("92.5"), "Checked."),
    }

    again = refused.context["form"]["revision"].value()
    assert again == services.quarter_revision(LocalReturn.objects.all())
    assert client.post(edit_url(west_berkshire), mine | {"revision": again}).status_code == 302
    stored = {r.measure: (r.value, r.submitted_by) for r in LocalReturn.objects.all()}
    assert stored == {
        "days_in_care": (Decimal(35), wb_contributor),
        "families_worked_with": (Decimal(12), wb_contributor),
    }


def test_a_form_for_an_empty_quarter_does_not_overwrite_figures_saved_meanwhile(
    client, west_berkshire, wb_lead, wb_contributor
):
    client.force_login(wb_contributor)
    page = client.get(edit_url(west_berkshire))
    assert not page.context["form"]["revision"].value()  # an empty quarter: posted as ""
    services.import_local_returns_csv(  # the lead uploads the quarter meanwhile
        user=wb_lead,
        authority=west_berkshire,
        file=csv_file("quarter,measure,value,note\nQ4 2023-24,days_in_care,30,\n"),
    )
    refused = client.post(edit_url(west_berkshire), form_data(staff_trained_mi="4"))
    assert refused.status_code == 409
    assert {r.measure: r.value for r in LocalReturn.objects.all()} == {"days_in_care": 30}


def test_a_csv_upload_and_the_retention_of_notes_move_a_quarter_on(
    west_berkshire, wb_lead, wb_contributor
):
    from outcomes.retention import delete_expired_return_note

    def save(base_revision):
        return services.save_local_return(
            user=wb_contributor,
            authority=west_berkshire,
            quarter=JAN_MAR_2024,
            values={"days_in_care": Decimal(40)},
            base_revision=base_revision,
        )

    services.import_local_returns_csv(
        user=wb_lead, authority=west_berkshire, file=csv_file(GOOD_CSV)
    )
    opened = services.quarter_revision(LocalReturn.objects.filter(quarter=JAN_MAR_2024))
    services.import_local_returns_csv(
        user=wb_lead, authority=west_berkshire, file=csv_file(GOOD_CSV.replace("120", "121"))
    )
    with pytest.raises(services.LocalReturnConflict) as raised:
        save(opened)
    assert raised.value.theirs["families_worked_with"] == Decimal(121)
    opened = raised.value.revision
    delete_expired_return_note(
        local_return=LocalReturn.objects.get(quarter=JAN_MAR_2024, measure="school_attendance")
    )
    with pytest.raises(services.LocalReturnConflict):
        save(opened)
    assert not LocalReturn.objects.filter(measure="days_in_care").exists()
    save(services.quarter_revision(LocalReturn.objects.filter(quarter=JAN_MAR_2024)))
    assert LocalReturn.objects.get(measure="days_in_care").value == 40


def test_the_service_refuses_another_councils_user(west_berkshire, luton_lead):
    with pytest.raises(PermissionDenied):
        services.save_local_return(
            user=luton_lead,
            authority=west_berkshire,
            quarter=JAN_MAR_2024,
            values={"days_in_care": Decimal(3)},
            base_revision="",
        )
    assert not LocalReturn.objects.exists()


# The CSV upload -------------------------------------------------------------------------------

GOOD_CSV = """quarter,measure,value,note
2024-01-01,families_worked_with,120,
Q4 2023-24,school_attendance,91.5,"Autumn, spring terms"
2024-04-01,families_worked_with,131,
Q1 2024-25,police_da_callouts,14,
"""


def upload_url(authority) -> str:
    return reverse("returns:upload", kwargs={"authority_pk": authority.pk})


def csv_file(text: str, name="returns.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_a_good_csv_is_saved(client, west_berkshire, wb_lead):
    client.force_login(wb_lead)

    response = client.post(upload_url(west_berkshire), {"file": csv_file(GOOD_CSV)})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Returns uploaded" in html
    assert "4 figures read from returns.csv" in html
    stored = {(r.quarter, r.measure): (r.value, r.note) for r in LocalReturn.objects.all()}
    assert stored == {
        (JAN_MAR_2024, "families_worked_with"): (Decimal(120), ""),
        (JAN_MAR_2024, "school_attendance"): (Decimal("91.5"), "Autumn, spring terms"),
        (APR_JUN_2024, "families_worked_with"): (Decimal(131), ""),
        (APR_JUN_2024, "police_da_callouts"): (Decimal(14), ""),
    }
    assert set(LocalReturn.objects.values_list("submitted_by", flat=True)) == {wb_lead.pk}


def test_uploading_the_same_file_again_changes_nothing(west_berkshire, wb_lead):
    first = services.import_local_returns_csv(
        user=wb_lead, authority=west_berkshire, file=csv_file(GOOD_CSV)
    )
    stamps = dict(LocalReturn.objects.values_list("pk", "updated_at"))

    again = services.import_local_returns_csv(
        user=wb_lead, authority=west_berkshire, file=csv_file(GOOD_CSV)
    )

    assert (first.created, first.updated, first.unchanged) == (4, 0, 0)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert not again.changed
    assert dict(LocalReturn.objects.values_list("pk", "updated_at")) == stamps


def test_returns_that_change_figures_go_on_the_councils_audit_trail(west_berkshire, wb_lead):
    services.import_local_returns_csv(
        user=wb_lead, authority=west_berkshire, file=csv_file(GOOD_CSV)
    )
    services.import_local_returns_csv(
        user=wb_lead, authority=west_berkshire, file=csv_file(GOOD_CSV)
    )
    services.save_local_return(
        user=wb_lead,
        authority=west_berkshire,
        quarter=JAN_MAR_2024,
        values={"families_worked_with": Decimal(125)},
        base_revision=services.quarter_revision(LocalReturn.objects.filter(quarter=JAN_MAR_2024)),
        today=TODAY,
    )

    events = list(
        west_berkshire.audit_events.order_by("pk").values_list("action", "user", "detail")
    )
    assert events == [  # the unchanged second upload left nothing
        (
            AuditAction.RETURNS_UPLOADED,
            wb_lead.pk,
            "Q1 2024-25, Q4 2023-24: 4 figures added, 0 changed, 0 removed",
        ),
        (AuditAction.RETURN_SAVED, wb_lead.pk, "Q4 2023-24: 0 figures added, 1 changed, 0 removed"),
    ]


def test_a_corrected_file_updates_only_what_it_corrects(west_berkshire, wb_lead):
    services.import_local_returns_csv(
        user=wb_lead, authority=west_berkshire, file=csv_file(GOOD_CSV)
    )
    corrected = GOOD_CSV.replace("131", "132") + "Q1 2024-25,days_in_care,900,\n"

    report = services.import_local_returns_csv(
        user=wb_lead, authority=west_berkshire, file=csv_file(corrected)
    )

    assert (report.created, report.updated, report.unchanged) == (1, 1, 3)
    assert (
        LocalReturn.objects.get(quarter=APR_JUN_2024, measure="families_worked_with").value == 132
    )


BAD_CSV = """quarter,measure,value,note
2024-01-01,families_worked_with,120,
2024-01-01,families_helped,10,
2024-01-01,police_da_callouts,-3,
2024-01-01,school_attendance,140,
2024-02-01,days_in_care,10,
Q4 2098-99,staff_trained_mi,5,
2024-04-01,days_in_care,,
"""
BAD_ROWS = [
    "Line 3: Unknown measure 'families_helped'",
    "Line 4: Police domestic abuse call-outs to those families must be 0 or more",
    "Line 5: School attendance of the children must be a percentage from 0 to 100",
    "Line 6: 2024-02-01 is not the start of a quarter",
    "Line 7: Q4 2098-99 (January to March 2099) has not started yet",
    "Line 8: Enter a value",
]


def test_a_csv_with_bad_rows_lists_every_reason_and_saves_nothing(client, west_berkshire, wb_lead):
    client.force_login(wb_lead)

    response = client.post(upload_url(west_berkshire), {"file": csv_file(BAD_CSV)})

    assert response.status_code == 200
    html = html_lib.unescape(response.content.decode())
    assert "govuk-error-summary" in html
    assert "The file has 6 problems and nothing from it was saved" in html
    for reason in BAD_ROWS:
        assert reason in html
    assert "Line 2" not in html
    assert not LocalReturn.objects.exists()


def test_bad_rows_keep_what_was_stored(west_berkshire, wb_lead):
    services.import_local_returns_csv(
        user=wb_lead, authority=west_berkshire, file=csv_file(GOOD_CSV)
    )
    before = list(LocalReturn.objects.values_list("pk", "value", "updated_at"))

    report = services.import_local_returns_csv(
        user=wb_lead, authority=west_berkshire, file=csv_file(GOOD_CSV.replace("131", "-131"))
    )

    assert report.problems == [(4, "Families worked with must be 0 or more (found -131)")]
    assert list(LocalReturn.objects.values_list("pk", "value", "updated_at")) == before


@pytest.mark.parametrize(
    ("text", "problem"),
    [("quarter,measure,value\nQ4 2023-24,days_in_care,3\n", "Line 1: The header must be quarter,measure,value,note"),
     ("quarter,measure,value,note\n", "The file has a header but no rows"),
     ("quarter,measure,value,note\nQ4 2023-24,days_in_care,3,,extra\n", "Line 2: Expected 4 columns"),
     ("quarter,measure,value,note\nQ4 2023-24,days_in_care,3,\n2024-01-01,days_in_care,4,\n", "Line 3: Days children spent in care for Q4 2023-24 is already on line 2")],
)  # fmt: skip
def test_file_level_problems(client, west_berkshire, wb_lead, text, problem):
    client.force_login(wb_lead)

    response = client.post(upload_url(west_berkshire), {"file": csv_file(text)})
    html = html_lib.unescape(response.content.decode())

    assert problem in html
    assert not LocalReturn.objects.exists()


def test_a_csv_with_an_unterminated_quote_is_refused_and_nothing_saved(
    client, west_berkshire, wb_lead
):
    """Read loosely, the open quote makes the rest of the file one note and line 3 is saved."""
    text = 'quarter,measure,value,note\nQ4 2023-24,days_in_care,3,"Autumn term\nQ1 2024-25,days_in_care,4,\n'
    client.force_login(wb_lead)

    response = client.post(upload_url(west_berkshire), {"file": csv_file(text)})
    html = html_lib.unescape(response.content.decode())

    assert "govuk-error-summary" in html
    assert "Line 2: A quoted value is never closed" in html
    assert not LocalReturn.objects.exists()


def test_a_file_that_is_not_utf8_is_refused(client, west_berkshire, wb_lead):
    client.force_login(wb_lead)
    data = "quarter,measure,value,note\nQ4 2023-24,days_in_care,3,Caf\xe9\n".encode("latin-1")
    upload = SimpleUploadedFile("returns.csv", data, content_type="text/csv")

    html = client.post(upload_url(west_berkshire), {"file": upload}).content.decode()

    assert "UTF-8" in html
    assert not LocalReturn.objects.exists()


def test_a_byte_order_mark_is_allowed(west_berkshire, wb_lead):
    upload = SimpleUploadedFile("returns.csv", b"\xef\xbb\xbf" + GOOD_CSV.encode())

    report = services.import_local_returns_csv(user=wb_lead, authority=west_berkshire, file=upload)

    assert report.ok and report.created == 4


def test_the_template_has_a_row_per_measure_for_the_last_quarter_that_ended(
    client, west_berkshire, wb_lead
):
    client.force_login(wb_lead)

    response = client.get(reverse("returns:template", kwargs={"authority_pk": west_berkshire.pk}))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="local-returns-E06000037.csv"'
    assert_not_cached(response)
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "quarter,measure,value,note"
    last_ended = returns.quarter_start(
        returns.quarter_start(datetime.date.today()) - datetime.timedelta(days=1)
    )
    assert lines[1:] == [f"{returns.quarter_code(last_ended)},{m},," for m in LocalMeasure.values]
    assert "Download a template (CSV)" in client.get(upload_url(west_berkshire)).content.decode()


def test_the_filled_in_template_uploads_and_headers_may_differ_in_case_and_spaces(
    client, west_berkshire, wb_lead
):
    template = services.returns_template_csv(today=TODAY).decode("utf-8-sig").splitlines()
    filled = [" Quarter ,MEASURE, value,Note"] + [
        line.replace(",,", ",5,") for line in template[1:] if "school_attendance" not in line
    ]
    client.force_login(wb_lead)

    response = client.post(upload_url(west_berkshire), {"file": csv_file("\n".join(filled))})

    assert response.status_code == 200, response.content.decode()[:2000]
    assert (
        LocalReturn.objects.filter(authority=west_berkshire, quarter=JAN_MAR_2025).count()
        == len(template[1:]) - 1
    )


# Access ---------------------------------------------------------------------------------------

# (url name, HTTP methods) for every council page in returns_urls.
COUNCIL_URLS = [
    ("returns:authority", ["get"]),
    ("returns:edit", ["get", "post"]),
    ("returns:upload", ["get", "post"]),
    ("returns:template", ["get"]),
]
CASES = [
    pytest.param(name, method, id=f"{name.split(':')[1]}-{method}")
    for name, methods in COUNCIL_URLS
    for method in methods
]


# Pages for the council's leads only: its other members get a 403 that says why.
LEAD_URLS = [("returns:sign_off", ["get", "post"]), ("returns:reopen", ["get", "post"])]
LEAD_CASES = [
    pytest.param(name, method, id=f"{name.split(':')[1]}-{method}")
    for name, methods in LEAD_URLS
    for method in methods
]


def test_every_returns_url_is_covered_by_the_access_tests():
    names = {f"returns:{p.name}" for p in returns_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == {name for name, _ in COUNCIL_URLS + LEAD_URLS} | {
        "returns:list",
        "returns:review",
    }


def council_url(name, authority) -> str:
    return reverse(name, kwargs={"authority_pk": authority.pk})


def lead_url(name, authority) -> str:
    return f"{council_url(name, authority)}?quarter={JAN_MAR_2024.isoformat()}"


def send(client, name, method, url):
    if method == "get":
        return client.get(url)
    if name == "returns:sign_off":
        shown = LocalReturn.objects.filter(quarter=JAN_MAR_2024)
        return client.post(
            url, {"quarter": "2024-01-01", "revision": services.quarter_revision(shown)}
        )
    if name == "returns:reopen":
        return client.post(url, {"quarter": "2024-01-01", "reason": "A figure was wrong."})
    if name == "returns:upload":
        return client.post(url, {"file": csv_file("quarter,measure,value,note\nQ4 2023-24,days_in_care,99,\n")})  # fmt: skip
    # The quarter's revision as the form would carry it.
    shown = LocalReturn.objects.filter(quarter=JAN_MAR_2024)
    return client.post(url, form_data(days_in_care="99", revision=services.quarter_revision(shown)))


@pytest.fixture
def stored(west_berkshire, wb_lead) -> LocalReturn:
    return LocalReturn.objects.create(
        authority=west_berkshire,
        quarter=JAN_MAR_2024,
        measure="days_in_care",
        value=Decimal(10),
        submitted_by=wb_lead,
    )


@pytest.fixture
def reviewer(cohort):
    user = get_user_model().objects.create_user("reviewer", password="not-a-real-password")
    cohort.reviewers.add(user)
    return user


@pytest.fixture
def other_reviewer(db):
    other = Cohort.objects.create(
        name="Another cohort", programme="Another programme", start_date=datetime.date(2020, 1, 1)
    )
    user = get_user_model().objects.create_user("other-reviewer", password="not-a-real-password")
    other.reviewers.add(user)
    return user


def assert_unchanged(stored):
    assert list(LocalReturn.objects.values_list("pk", "value")) == [(stored.pk, Decimal(10))]


@pytest.mark.parametrize(("name", "method"), [c.values for c in CASES], ids=[c.id for c in CASES])
def test_another_councils_user_gets_404(client, stored, west_berkshire, luton_lead, name, method):
    client.force_login(luton_lead)
    assert send(client, name, method, council_url(name, west_berkshire)).status_code == 404
    assert_unchanged(stored)


@pytest.mark.parametrize(("name", "method"), [c.values for c in CASES], ids=[c.id for c in CASES])
def test_anonymous_users_are_sent_to_sign_in(client, stored, west_berkshire, name, method):
    response = send(client, name, method, council_url(name, west_berkshire))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert_unchanged(stored)


@pytest.mark.parametrize(("name", "method"), [c.values for c in CASES], ids=[c.id for c in CASES])
def test_a_reviewer_of_the_councils_cohort_gets_404_on_council_pages(
    client, stored, west_berkshire, reviewer, name, method
):
    client.force_login(reviewer)
    assert send(client, name, method, council_url(name, west_berkshire)).status_code == 404
    assert_unchanged(stored)


@pytest.mark.parametrize(("name", "method"), [c.values for c in CASES], ids=[c.id for c in CASES])
def test_the_councils_own_members_reach_every_page(
    client, stored, west_berkshire, wb_contributor, name, method
):
    client.force_login(wb_contributor)
    response = send(client, name, method, council_url(name, west_berkshire))
    # Pages answer 200, and so does an upload (its report); a saved quarter goes back to the list.
    assert response.status_code == (302 if (name, method) == ("returns:edit", "post") else 200)
    assert_no_template_syntax(response)
    assert_not_cached(response)


@pytest.fixture
def signed_off(stored, west_berkshire, wb_lead):
    """The stored quarter, signed off (for the reopen pages; the sign-off pages refuse it)."""
    return QuarterSignOff.objects.create(
        authority=west_berkshire,
        quarter=JAN_MAR_2024,
        signed_off_by=wb_lead,
        signed_off_at=timezone.now(),
    )


def assert_sign_offs_unchanged(signed_off=None):
    expected = [(signed_off.pk, None)] if signed_off else []
    assert list(QuarterSignOff.objects.values_list("pk", "reopened_at")) == expected


@pytest.mark.parametrize(("name", "method"), [c.values for c in LEAD_CASES], ids=[c.id for c in LEAD_CASES])  # fmt: skip
@pytest.mark.parametrize("who", ["luton_lead", "reviewer", "superuser"])
def test_lead_pages_are_404_outside_the_council(
    client, stored, west_berkshire, signed_off, name, method, who, request
):
    user = (
        get_user_model().objects.create_superuser("admin", password="not-a-real-password")
        if who == "superuser"
        else request.getfixturevalue(who)
    )
    client.force_login(user)
    assert send(client, name, method, lead_url(name, west_berkshire)).status_code == 404
    assert_unchanged(stored)
    assert_sign_offs_unchanged(signed_off)


@pytest.mark.parametrize(("name", "method"), [c.values for c in LEAD_CASES], ids=[c.id for c in LEAD_CASES])  # fmt: skip
def test_lead_pages_send_anonymous_users_to_sign_in(client, stored, west_berkshire, name, method):
    response = send(client, name, method, lead_url(name, west_berkshire))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert_sign_offs_unchanged()


@pytest.mark.parametrize(("name", "method"), [c.values for c in LEAD_CASES], ids=[c.id for c in LEAD_CASES])  # fmt: skip
def test_a_member_who_is_not_a_lead_gets_403_that_says_why(
    client, stored, west_berkshire, wb_contributor, signed_off, name, method
):
    client.force_login(wb_contributor)
    response = send(client, name, method, lead_url(name, west_berkshire))
    assert response.status_code == 403
    assert "Only the council&#x27;s leads can sign off or reopen" in response.content.decode()
    assert_sign_offs_unchanged(signed_off)


@pytest.mark.parametrize("name", [name for name, _ in LEAD_URLS])
def test_the_councils_leads_reach_the_lead_pages(client, stored, west_berkshire, wb_lead, name):
    client.force_login(wb_lead)
    response = client.get(lead_url(name, west_berkshire))
    assert response.status_code == 200
    assert_no_template_syntax(response)
    assert_not_cached(response)


@pytest.mark.parametrize("name", [name for name, _ in LEAD_URLS])
@pytest.mark.parametrize("quarter", ["", "2024-02-01", "spring", "2023-10-01"])
def test_lead_pages_for_no_quarter_or_one_without_a_return_are_404(
    client, stored, west_berkshire, wb_lead, name, quarter
):
    client.force_login(wb_lead)
    url = f"{council_url(name, west_berkshire)}?quarter={quarter}"
    assert client.get(url).status_code == 404


def review_url(cohort) -> str:
    return reverse("returns:review", kwargs={"cohort_pk": cohort.pk})


def test_the_reviewer_of_the_cohort_reads_its_returns(client, stored, cohort, reviewer, luton):
    LocalReturn.objects.create(
        authority=luton, quarter=APR_JUN_2024, measure="school_attendance", value=Decimal("93.1")
    )
    client.force_login(reviewer)

    response = client.get(review_url(cohort))

    assert response.status_code == 200
    html = response.content.decode()
    assert "West Berkshire" in html and "Luton" in html
    assert "Q4 2023-24 (January to March 2024)" in html
    assert "Q1 2024-25 (April to June 2024)" in html
    assert "93.1%" in html


@pytest.mark.parametrize("who", ["other_reviewer", "wb_lead", "luton_lead"])
def test_anyone_else_gets_404_on_the_review_page(client, stored, cohort, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(review_url(cohort)).status_code == 404


def test_the_review_page_sends_anonymous_users_to_sign_in(client, cohort):
    response = client.get(review_url(cohort))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_the_list_shows_only_the_users_councils(client, west_berkshire, luton, luton_lead):
    client.force_login(luton_lead)
    html = client.get(reverse("returns:list")).content.decode()
    assert reverse("returns:authority", args=[luton.pk]) in html
    assert reverse("returns:authority", args=[west_berkshire.pk]) not in html


# Query budgets --------------------------------------------------------------------------------


def add_quarters(authority, user, count: int) -> None:
    """``count`` quarters of figures, every other one signed off and a sign-off reopened."""
    quarters = [returns.quarter_from(2014 + n // 4, n % 4 + 1) for n in range(count)]
    LocalReturn.objects.bulk_create(
        LocalReturn(authority=authority, quarter=q, measure=m, value=Decimal(n), submitted_by=user)
        for n, q in enumerate(quarters)
        for m in LocalMeasure.values
    )
    now = timezone.now()
    QuarterSignOff.objects.bulk_create(
        QuarterSignOff(
            authority=authority,
            quarter=q,
            signed_off_by=user,
            signed_off_at=now,
            reopened_by=user if n % 4 == 2 else None,
            reopened_at=now if n % 4 == 2 else None,
        )
        for n, q in enumerate(quarters)
        if n % 2 == 0
    )


def count_queries(client, url) -> int:
    client.get(url)  # warm the per-site caches (navigation) first
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_council_page_does_not_query_per_quarter(client, west_berkshire, wb_lead):
    client.force_login(wb_lead)
    url = reverse("returns:authority", args=[west_berkshire.pk])
    add_quarters(west_berkshire, wb_lead, 2)
    few = count_queries(client, url)

    LocalReturn.objects.all().delete()
    QuarterSignOff.objects.all().delete()
    add_quarters(west_berkshire, wb_lead, 30)

    assert count_queries(client, url) == few


def test_the_review_page_does_not_query_per_quarter(
    client, cohort, west_berkshire, luton, reviewer
):
    client.force_login(reviewer)
    add_quarters(west_berkshire, reviewer, 1)
    few = count_queries(client, review_url(cohort))

    add_quarters(luton, reviewer, 20)

    assert count_queries(client, review_url(cohort)) == few
