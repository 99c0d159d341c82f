"""Financial quarters, and a lead's sign-off of a quarter's local return: who may sign off and
reopen, what a signed-off quarter refuses (the form, a stale form, a CSV upload), a stale
sign-off, and what council pages and reviewers show."""

import datetime
import html as html_lib
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

import pytest

from authorities.choices import AuditAction
from authorities.models import AuditEvent
from outcomes import returns, services
from outcomes.choices import LocalMeasure
from outcomes.models import LocalReturn, QuarterSignOff

JAN_MAR_2024 = datetime.date(2024, 1, 1)
APR_JUN_2024 = datetime.date(2024, 4, 1)


# Financial quarters ----------------------------------------------------------------------------

# Every month of a year: the quarter its days fall in, as councils report it.
MONTHS = [
    (1, "Q4 2024-25 (January to March 2025)"),
    (2, "Q4 2024-25 (January to March 2025)"),
    (3, "Q4 2024-25 (January to March 2025)"),
    (4, "Q1 2025-26 (April to June 2025)"),
    (5, "Q1 2025-26 (April to June 2025)"),
    (6, "Q1 2025-26 (April to June 2025)"),
    (7, "Q2 2025-26 (July to September 2025)"),
    (8, "Q2 2025-26 (July to September 2025)"),
    (9, "Q2 2025-26 (July to September 2025)"),
    (10, "Q3 2025-26 (October to December 2025)"),
    (11, "Q3 2025-26 (October to December 2025)"),
    (12, "Q3 2025-26 (October to December 2025)"),
]


@pytest.mark.parametrize(("month", "label"), MONTHS)
def test_each_month_falls_in_its_financial_quarter(month, label):
    quarter = returns.quarter_start(datetime.date(2025, month, 15))

    assert returns.quarter_label(quarter) == label
    assert returns.parse_quarter(returns.quarter_code(quarter)) == quarter
    number, year = returns.quarter_number(quarter), returns.financial_year(quarter)
    assert returns.quarter_from(year, number) == quarter
    assert returns.quarter_end(quarter) == returns.next_quarter(quarter) - datetime.timedelta(1)


def test_a_figure_saved_for_january_to_march_reads_as_q4_of_the_financial_year_before(
    client, west_berkshire, wb_lead
):
    # Stored as the quarter's first day, as before quarters were financial: the same months.
    LocalReturn.objects.create(
        authority=west_berkshire, quarter=datetime.date(2025, 1, 1), measure="days_in_care", value=5
    )
    client.force_login(wb_lead)

    html = client.get(reverse("returns:authority", args=[west_berkshire.pk])).content.decode()
    form = client.get(reverse("returns:edit", args=[west_berkshire.pk]) + "?quarter=2025-01-01")

    assert "Q4 2024-25 (January to March 2025)" in html
    assert form.context["form"].initial | {"revision": ""} == {
        "year": "2024-25",
        "quarter": "4",
        "revision": "",
        "days_in_care": "5",
        "note": "",
    }


# Signing off -----------------------------------------------------------------------------------


def save(user, authority, quarter=JAN_MAR_2024, **values):
    shown = LocalReturn.objects.filter(authority=authority, quarter=quarter)
    return services.save_local_return(
        user=user,
        authority=authority,
        quarter=quarter,
        values={m: Decimal(v) for m, v in values.items()},
        base_revision=services.quarter_revision(shown),
    )


def revision(authority, quarter=JAN_MAR_2024) -> str:
    return services.quarter_revision(
        LocalReturn.objects.filter(authority=authority, quarter=quarter)
    )


def sign_off_url(authority, quarter=JAN_MAR_2024) -> str:
    return f"{reverse('returns:sign_off', args=[authority.pk])}?quarter={quarter.isoformat()}"


def reopen_url(authority, quarter=JAN_MAR_2024) -> str:
    return f"{reverse('returns:reopen', args=[authority.pk])}?quarter={quarter.isoformat()}"


def edit_url(authority) -> str:
    return reverse("returns:edit", args=[authority.pk])


def form_data(revision, **values) -> dict:
    data = {"year": "2023-24", "quarter": "4", "note": "", "revision": revision}
    return data | dict.fromkeys(LocalMeasure.values, "") | values


def test_a_lead_signs_off_a_quarter_and_the_council_sees_who_and_when(
    client, west_berkshire, wb_lead, wb_contributor
):
    save(wb_contributor, west_berkshire, days_in_care=30, school_attendance="91.5")
    client.force_login(wb_lead)

    page = client.get(sign_off_url(west_berkshire))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<h1 class="govuk-heading-xl">Sign off Q4 2023-24 (January to March 2024)</h1>' in html
    assert "91.5%" in html and "Not given" in html
    response = client.post(
        sign_off_url(west_berkshire),
        {"quarter": "2024-01-01", "revision": revision(west_berkshire)},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("returns:authority", args=[west_berkshire.pk])
    sign_off = QuarterSignOff.objects.get()
    assert (sign_off.authority, sign_off.quarter, sign_off.signed_off_by) == (
        west_berkshire,
        JAN_MAR_2024,
        wb_lead,
    )
    assert sign_off.reopened_at is None
    event = AuditEvent.objects.get(action=AuditAction.RETURN_SIGNED_OFF)
    assert (event.user, event.subject, event.detail) == (wb_lead, sign_off, "Q4 2023-24: 2 figures")
    listed = client.get(response["Location"]).content.decode()
    assert "The return for Q4 2023-24 (January to March 2024) is signed off." in listed
    assert 'Signed off</strong><br><span class="govuk-body-s">by Wb-Lead,' in listed
    assert 'Reopen<span class="govuk-visually-hidden"> Q4 2023-24' in listed
    assert 'Change<span class="govuk-visually-hidden"> Q4 2023-24' not in listed


def test_a_member_who_is_not_a_lead_sees_drafts_but_no_sign_off_links(
    client, west_berkshire, wb_contributor
):
    save(wb_contributor, west_berkshire, days_in_care=30)
    client.force_login(wb_contributor)

    html = client.get(reverse("returns:authority", args=[west_berkshire.pk])).content.decode()

    assert 'govuk-tag--grey">Draft</strong>' in html
    assert 'Change<span class="govuk-visually-hidden"> Q4 2023-24' in html
    assert reverse("returns:sign_off", args=[west_berkshire.pk]) not in html
    with pytest.raises(PermissionDenied):
        services.sign_off_quarter(
            user=wb_contributor,
            authority=west_berkshire,
            quarter=JAN_MAR_2024,
            base_revision=revision(west_berkshire),
        )
    assert not QuarterSignOff.objects.exists()


def test_a_lead_of_another_council_cannot_sign_off_or_reopen_its_quarter(
    west_berkshire, wb_lead, luton_lead
):
    save(wb_lead, west_berkshire, days_in_care=30)
    with pytest.raises(PermissionDenied):
        services.sign_off_quarter(
            user=luton_lead,
            authority=west_berkshire,
            quarter=JAN_MAR_2024,
            base_revision=revision(west_berkshire),
        )
    services.sign_off_quarter(
        user=wb_lead,
        authority=west_berkshire,
        quarter=JAN_MAR_2024,
        base_revision=revision(west_berkshire),
    )
    with pytest.raises(PermissionDenied):
        services.reopen_quarter(
            user=luton_lead, authority=west_berkshire, quarter=JAN_MAR_2024, reason="Mine now."
        )
    assert list(QuarterSignOff.objects.values_list("signed_off_by", "reopened_at")) == [
        (wb_lead.pk, None)
    ]


@pytest.mark.parametrize(
    ("quarter", "today", "problem"),
    [(APR_JUN_2024, datetime.date(2024, 6, 30), "Q1 2024-25 (April to June 2024) has not ended yet: it can be signed off from 1 July 2024"),
     (APR_JUN_2024, datetime.date(2024, 7, 1), None),
     (datetime.date(2023, 10, 1), datetime.date(2024, 7, 1), "Q3 2023-24 (October to December 2023) has no figures to sign off")],
)  # fmt: skip
def test_only_an_ended_quarter_with_figures_can_be_signed_off(
    west_berkshire, wb_lead, quarter, today, problem
):
    LocalReturn.objects.create(
        authority=west_berkshire, quarter=APR_JUN_2024, measure="days_in_care", value=3
    )

    def sign_off():
        return services.sign_off_quarter(
            user=wb_lead,
            authority=west_berkshire,
            quarter=quarter,
            base_revision=revision(west_berkshire, quarter),
            today=today,
        )

    if problem is None:
        assert sign_off().quarter == quarter
        return
    with pytest.raises(services.LocalReturnError) as refused:
        sign_off()
    assert refused.value.problems == {None: problem}
    assert not QuarterSignOff.objects.exists()


def test_a_quarter_signed_off_twice_is_refused_the_second_time(client, west_berkshire, wb_lead):
    save(wb_lead, west_berkshire, days_in_care=30)
    data = {"quarter": "2024-01-01", "revision": revision(west_berkshire)}
    client.force_login(wb_lead)
    client.post(sign_off_url(west_berkshire), data)

    page = client.get(sign_off_url(west_berkshire)).content.decode()
    assert "This quarter was signed off by Wb-Lead on" in page
    assert reopen_url(west_berkshire) in page and 'name="revision"' not in page

    again = client.post(sign_off_url(west_berkshire), data)

    assert again.status_code == 200
    html = html_lib.unescape(again.content.decode())
    assert "govuk-error-summary" in html and "<title>Error: " in html
    assert "Q4 2023-24 (January to March 2024) was signed off by Wb-Lead on" in html
    assert QuarterSignOff.objects.count() == 1
    # The database holds one current sign-off per quarter whatever a service does.
    with pytest.raises(IntegrityError), transaction.atomic():
        QuarterSignOff.objects.create(
            authority=west_berkshire,
            quarter=JAN_MAR_2024,
            signed_off_by=wb_lead,
            signed_off_at=timezone.now(),
        )


def test_a_sign_off_page_drawn_before_the_figures_changed_is_refused_and_shows_them(
    client, west_berkshire, wb_lead, wb_contributor
):
    save(wb_contributor, west_berkshire, days_in_care=30)
    client.force_login(wb_lead)
    opened = client.get(sign_off_url(west_berkshire)).content.decode()
    shown = revision(west_berkshire)
    assert f'name="revision" value="{shown}"' in opened
    save(wb_contributor, west_berkshire, days_in_care=35)  # meanwhile

    refused = client.post(
        sign_off_url(west_berkshire), {"quarter": "2024-01-01", "revision": shown}
    )

    assert refused.status_code == 409
    html = html_lib.unescape(refused.content.decode())
    assert "Wb-Contributor changed the return for Q4 2023-24 (January to March 2024) at" in html
    assert "It has not been signed off: check the figures, then sign it off again" in html
    assert ">35<" in html  # the figures as they are now
    assert not QuarterSignOff.objects.exists()
    now = revision(west_berkshire)
    assert f'name="revision" value="{now}"' in html
    signed = client.post(sign_off_url(west_berkshire), {"quarter": "2024-01-01", "revision": now})
    assert signed.status_code == 302 and QuarterSignOff.objects.count() == 1


# What a signed-off quarter refuses -------------------------------------------------------------


@pytest.fixture
def signed_off_quarter(west_berkshire, wb_lead, wb_contributor) -> QuarterSignOff:
    save(wb_contributor, west_berkshire, days_in_care=30)
    save(wb_contributor, west_berkshire, APR_JUN_2024, days_in_care=40)
    return services.sign_off_quarter(
        user=wb_lead,
        authority=west_berkshire,
        quarter=JAN_MAR_2024,
        base_revision=revision(west_berkshire),
    )


def stored_figures():
    return {(r.quarter, r.measure): r.value for r in LocalReturn.objects.all()}


def test_a_form_opened_before_the_sign_off_is_refused_naming_who_signed_off(
    client, west_berkshire, wb_lead, wb_contributor
):
    save(wb_contributor, west_berkshire, days_in_care=30)
    client.force_login(wb_contributor)
    opened = client.get(edit_url(west_berkshire) + "?quarter=2024-01-01")
    stale = opened.context["form"]["revision"].value()
    services.sign_off_quarter(  # the lead signs off meanwhile
        user=wb_lead, authority=west_berkshire, quarter=JAN_MAR_2024, base_revision=stale
    )

    refused = client.post(edit_url(west_berkshire), form_data(stale, days_in_care="31"))

    assert refused.status_code == 200
    html = html_lib.unescape(refused.content.decode())
    assert "govuk-error-summary" in html
    assert (
        "Q4 2023-24 (January to March 2024) was signed off by Wb-Lead on "
        f"{timezone.localdate().day}" in html
    )
    assert "a lead must reopen it before its figures can change" in html
    assert 'value="31"' in html  # what they typed stays on the page
    assert stored_figures() == {(JAN_MAR_2024, "days_in_care"): 30}


def test_opening_a_signed_off_quarter_warns_before_anyone_types(
    client, west_berkshire, wb_lead, wb_contributor, signed_off_quarter
):
    client.force_login(wb_contributor)
    html = client.get(edit_url(west_berkshire) + "?quarter=2024-01-01").content.decode()
    assert "govuk-warning-text" in html and "a lead must reopen it" in html
    assert "Reopen the quarter" not in html  # only a lead can
    client.force_login(wb_lead)
    html = client.get(edit_url(west_berkshire) + "?quarter=2024-01-01").content.decode()
    assert "Reopen the quarter" in html


def test_a_csv_with_rows_for_a_signed_off_quarter_saves_nothing_and_names_the_lines(
    client, west_berkshire, wb_lead, signed_off_quarter
):
    before = stored_figures()
    text = (
        "quarter,measure,value,note\n"
        "Q1 2024-25,days_in_care,41,\n"
        "2024-01-01,days_in_care,31,\n"
        "Q4 2023-24,staff_trained_mi,2,\n"
    )
    client.force_login(wb_lead)

    response = client.post(
        reverse("returns:upload", args=[west_berkshire.pk]),
        {"file": SimpleUploadedFile("returns.csv", text.encode(), content_type="text/csv")},
    )

    assert response.status_code == 200
    html = html_lib.unescape(response.content.decode())
    assert "The file has 2 problems and nothing from it was saved" in html
    assert "Line 3: Q4 2023-24 (January to March 2024) was signed off by Wb-Lead on" in html
    assert "Line 4: Q4 2023-24 (January to March 2024) was signed off by Wb-Lead on" in html
    assert "Line 2:" not in html
    assert stored_figures() == before


def test_reopening_needs_a_reason_keeps_the_sign_off_and_lets_the_figures_change(
    client, west_berkshire, wb_lead, wb_contributor, signed_off_quarter
):
    client.force_login(wb_lead)
    page = client.get(reopen_url(west_berkshire))
    assert "This quarter was signed off by Wb-Lead on" in page.content.decode()

    no_reason = client.post(reopen_url(west_berkshire), {"quarter": "2024-01-01", "reason": " "})
    assert no_reason.status_code == 200
    assert "Enter why the quarter is being reopened" in no_reason.content.decode()
    assert QuarterSignOff.objects.get().reopened_at is None

    reopened = client.post(
        reopen_url(west_berkshire),
        {"quarter": "2024-01-01", "reason": "Days in care double-counted one child."},
    )

    assert reopened.status_code == 302
    kept = QuarterSignOff.objects.get()
    assert (kept.signed_off_by, kept.reopened_by) == (wb_lead, wb_lead)
    assert kept.reopened_at and kept.reopen_reason == "Days in care double-counted one child."
    event = AuditEvent.objects.get(action=AuditAction.RETURN_REOPENED)
    assert event.detail == "Q4 2023-24: Days in care double-counted one child."
    save(wb_contributor, west_berkshire, days_in_care=29)
    assert stored_figures()[(JAN_MAR_2024, "days_in_care")] == 29
    html = client.get(reverse("returns:authority", args=[west_berkshire.pk])).content.decode()
    assert "Reopened by Wb-Lead," in html and "Days in care double-counted one child." in html
    # Signed off again: a new sign-off, the reopened one still kept.
    services.sign_off_quarter(
        user=wb_lead,
        authority=west_berkshire,
        quarter=JAN_MAR_2024,
        base_revision=revision(west_berkshire),
    )
    assert sorted(QuarterSignOff.objects.values_list("reopened_at", flat=True), key=bool) == [
        None,
        kept.reopened_at,
    ]


def test_reopening_a_draft_says_it_is_one(client, west_berkshire, wb_lead):
    save(wb_lead, west_berkshire, days_in_care=30)
    client.force_login(wb_lead)

    page = client.get(reopen_url(west_berkshire)).content.decode()
    posted = client.post(reopen_url(west_berkshire), {"quarter": "2024-01-01", "reason": "Why not"})

    assert "is not signed off: it is a draft" in page
    assert "is not signed off: it is a draft already" in posted.content.decode()
    assert not QuarterSignOff.objects.exists()


# What reviewers see ----------------------------------------------------------------------------


def test_reviewers_see_which_quarters_are_signed_off_by_whom_and_when_and_which_are_drafts(
    client, cohort, west_berkshire, luton, wb_lead, luton_lead, signed_off_quarter
):
    save(luton_lead, luton, days_in_care=7)
    reviewer = get_user_model().objects.create_user("reviewer", password="not-a-real-password")
    cohort.reviewers.add(reviewer)
    client.force_login(reviewer)

    response = client.get(reverse("returns:review", args=[cohort.pk]))

    assert response.status_code == 200
    councils = {c.authority.name: c for c in response.context["councils"]}
    wb_rows = {row.quarter: row for row in councils["West Berkshire"].rows}
    assert wb_rows[JAN_MAR_2024].sign_off == signed_off_quarter
    assert wb_rows[JAN_MAR_2024].signed_off_by == "Wb-Lead"
    assert wb_rows[APR_JUN_2024].sign_off is None
    assert councils["West Berkshire"].signed_off == 1
    assert [row.sign_off for row in councils["Luton"].rows] == [None]
    html = response.content.decode()
    day = timezone.localtime(signed_off_quarter.signed_off_at)
    assert (
        '<strong class="govuk-tag govuk-tag--green">Signed off</strong><br>'
        f'<span class="govuk-body-s">by Wb-Lead, <time datetime="{day:%Y-%m-%d}">'
        f"{day:%-d %B %Y}</time></span>"
    ) in html
    assert html.count('govuk-tag--grey">Draft</strong>') == 4  # 2 latest quarters + 2 rows
    assert reverse("returns:reopen", args=[west_berkshire.pk]) not in html
