"""The outcomes pages in a real browser: keyboard use and axe on every page and error state.

One fixture builds the live server's data: Hertfordshire (live since October 2014, with a lead
who has sent a quarter of local returns) with child protection plans and re-referrals next to
England, the East of England and three statistical neighbours; three councils that went live in
2017 with submitted fidelity assessments and plans before and since; all four in a cohort with a
reviewer.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import pytest
from axe_playwright_python.sync_playwright import Axe

from authorities.choices import MembershipRole
from authorities.models import Authority
from cohorts.models import AnswersExport, Cohort
from cohorts.tasks import build_answers_export_task
from outcomes import services
from outcomes.models import StatisticsUpload
from outcomes.tasks import import_statistics_upload
from tests.authorities.factories import PASSWORD, member, register_council
from tests.browser.helpers import (
    AXE_OPTIONS,
    assert_focus_is_visible,
    describe,
    h1_text,
    sign_in,
    tab_to_element,
    wait_for_error_summary_focus,
)
from tests.cohorts.factories import make_council
from tests.official_statistics.observations import (
    CPP,
    council_area,
    observe,
    plans_and_rereferrals,
    population,
    save,
)
from tests.outcomes.test_upload import GOOD_ROWS

pytestmark = pytest.mark.browser

# Both charted measures of the public page: the others have no figures imported.
CHARTED = ["child-protection-plan-rate", "re-referrals"]
# Rules axe can only flag "for review" that are failures on these pages.
TREATED_AS_VIOLATIONS = {"aria-prohibited-attr"}


@dataclass
class OutcomesData:
    herts: Authority
    herts_lead: object
    cohort: Cohort
    reviewer: object


@pytest.fixture
def outcomes_data(site_content, fidelity_framework) -> OutcomesData:
    herts = register_council("E10000015", went_live=datetime.date(2014, 10, 1))
    plans_and_rereferrals(herts, years=(2014, 2025))
    herts_lead = member("herts-lead", herts, MembershipRole.LEAD)
    services.save_local_return(
        user=herts_lead,
        authority=herts,
        quarter=datetime.date(2024, 1, 1),
        values={"families_worked_with": Decimal(120), "school_attendance": Decimal("91.5")},
        base_revision="",
        note="From the case management system.",
    )

    # Fidelity 100, 0 and 50 (latest rounds); plans per 10,000 change by -10, +10 and 0.
    cohort = Cohort.objects.create(
        name="Innovation Programme 2017",
        programme="Innovation Programme",
        start_date=datetime.date(2017, 4, 1),
    )
    for number, levels, latest_plans in ((1, ("1", "2"), 200), (2, ("0",), 400), (3, ("1",), 300)):
        council, _ = make_council(number, lead_name=f"lead-{number}", levels=levels)
        council.went_live = datetime.date(2017, 10, 2)
        council.save()
        area = council_area(council)
        save(
            [
                observe(CPP, area, 2017, 300),
                observe(CPP, area, 2025, latest_plans),
                *population(area, {2016: 100000, 2024: 100000}),
            ]
        )
        cohort.councils.add(council)
    cohort.councils.add(herts)  # no fidelity assessment: listed with the reason, not plotted
    reviewer = get_user_model().objects.create_user(
        "reviewer", password=PASSWORD, first_name="Rita"
    )
    cohort.reviewers.add(reviewer)
    reviewer.groups.add(Group.objects.get(name="Statistics managers"))  # for the upload page
    return OutcomesData(herts, herts_lead, cohort, reviewer)


def unloaded_images(page) -> list[str]:
    return page.locator("main img").evaluate_all(
        "(imgs) => imgs.filter((i) => !i.complete || !i.naturalWidth).map((i) => i.src)"
    )


class Scanner:
    """Runs axe on each page state, gathering every violation so one failure lists them all."""

    def __init__(self, page, base: str):
        self.page, self.base = page, base
        self.axe = Axe()
        self.report: list[str] = []
        self.scanned: list[str] = []

    def visit(self, label: str, path: str, marker: str) -> None:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == 200, (
            f"{label}: {path} answered {response and response.status}"
        )
        self.scan(label, marker)

    def scan(self, label: str, marker: str) -> None:
        """Scan the page on screen, checking first it is the state meant to be scanned."""
        page, path = self.page, self.page.url.removeprefix(self.base)
        assert page.locator("h1").count() == 1, f"{label}: {path} should have one <h1>"
        assert page.locator(marker).count() > 0, f"{label}: {path} has nothing matching {marker!r}"
        assert not unloaded_images(page), f"{label}: images not loaded: {unloaded_images(page)}"
        results = self.axe.run(page, options=AXE_OPTIONS)
        assert results.response["passes"], f"{label}: axe ran no rules on {path}"
        self.report += describe(results.response["violations"], label, path)
        # axe only asks for a review of an aria-label on an element with no role when the
        # element holds text, but screen readers ignore that label: treat it as a violation.
        prohibited = [v for v in results.response["incomplete"] if v["id"] in TREATED_AS_VIOLATIONS]
        self.report += describe(prohibited, label, path)
        self.scanned.append(label)

    def submit(self, button: str) -> None:
        with self.page.expect_navigation():
            self.page.locator("main").get_by_role("button", name=button).click()

    def assert_clean(self) -> None:
        assert not self.report, (
            f"axe found accessibility violations (scanned: {', '.join(self.scanned)}):\n"
            + "\n".join(self.report)
        )


@pytest.fixture
def scanner(page, site_content) -> Scanner:
    return Scanner(page, site_content)


def press_enter_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_keyboard_user_reaches_a_councils_charts_and_scrolls_its_tables(
    page, site_content, outcomes_data
):
    """WCAG 1.4.10 and 2.1.1: at 320 px wide the tables scroll sideways, so their wrapper must
    take focus and scroll with the arrow keys; the charts load and every measure is accounted
    for (a band where lower is better, a note where nothing is imported)."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site_content + "/outcomes/")
    assert h1_text(page) == "Council outcomes"
    tab_to_element(page, "main a[href='/outcomes/E10000015/']")
    press_enter_and_wait(page)
    assert page.url == site_content + "/outcomes/E10000015/"
    assert h1_text(page) == "Hertfordshire"

    charts = page.locator("main img.app-figure__image")
    assert charts.count() == len(CHARTED)
    assert not unloaded_images(page)
    assert page.locator("#re-referrals ~ p .govuk-tag").inner_text() == "A (best quarter)"
    assert (
        page.locator("section[aria-labelledby='child-protection-plan-rate'] .govuk-tag").count()
        == 0
    )
    assert "No figures yet" in (
        page.locator("section[aria-labelledby='looked-after-rate'] .govuk-inset-text").inner_text()
    )

    table = "section[aria-labelledby='child-protection-plan-rate'] .app-table-scroll"
    tab_to_element(page, table)
    assert_focus_is_visible(page)
    wrapper = page.locator(table)
    assert wrapper.evaluate("(el) => el.scrollWidth > el.clientWidth"), "nothing to scroll at 320px"
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "(sel) => document.querySelector(sel).scrollLeft > 0", arg=table, timeout=5_000
    )


def test_public_outcomes_pages_have_no_axe_violations(scanner, outcomes_data):
    """Anyone can read the council pages, and the impact and methodology pages quote them."""
    scanner.visit("outcomes index", "/outcomes/", "main a[href='/outcomes/E10000015/']")
    scanner.visit("council outcomes", "/outcomes/E10000015/", "main img.app-figure__image")
    # No re-referral figures for the East of England: each empty cell says so.
    assert scanner.page.get_by_role("cell", name="No figure", exact=True).count() == 2
    scanner.visit("impact page", "/impact/", ".app-official-trend .app-key-figure")
    trend = scanner.page.locator(".app-official-trend").inner_text()
    assert "in 2025. It was 44.0 in 2014, the last year before the council adopted" in trend
    scanner.visit("methodology page", "/methodology/", "#official-measures")
    scanner.assert_clean()


def test_reviewer_outcomes_pages_have_no_axe_violations(page, site_content, scanner, outcomes_data):
    """Reviewers see fidelity against outcomes, their cohorts' returns and the statistics upload."""
    cohort = outcomes_data.cohort
    sign_in(page, site_content, outcomes_data.reviewer.username, PASSWORD)
    scanner.visit(
        "fidelity and outcomes", f"/review/{cohort.pk}/outcomes/", "main img.app-figure__image"
    )
    assert "-1.00" in page.locator("#child-protection-plan-rate ~ dl").inner_text()
    scanner.visit("returns list, reviewer", "/returns/", f"a[href='/returns/review/{cohort.pk}/']")
    scanner.visit(
        "cohort returns", f"/returns/review/{cohort.pk}/", f"#council-{outcomes_data.herts.pk}"
    )
    scanner.visit("statistics upload", "/statistics/upload/", "#id_file")
    scanner.submit("Upload and import")
    scanner.scan("statistics upload, no file", ".govuk-error-summary a[href='#id_file']")
    scanner.assert_clean()


def test_council_returns_pages_have_no_axe_violations(page, site_content, scanner, outcomes_data):
    """A council lead's returns: the list, the council's table, the form, the CSV upload, and
    signing off and reopening a quarter."""
    returns = f"/returns/{outcomes_data.herts.pk}/"
    sign_in(page, site_content, outcomes_data.herts_lead.username, PASSWORD)
    scanner.visit("returns list, council", "/returns/", f"main a[href='{returns}']")
    scanner.visit("council returns", returns, ".app-table-scroll[tabindex='0'] table")
    scanner.visit("quarter form", f"{returns}quarter/", "#id_year")
    scanner.visit(
        "quarter form, filled in",
        f"{returns}quarter/?quarter=2024-01-01",
        "#id_families_worked_with[value='120']",
    )
    scanner.visit("returns upload", f"{returns}upload/", "#id_file")
    scanner.submit("Upload and save")
    scanner.scan("returns upload, no file", ".govuk-error-summary")
    bad = (
        b"quarter,measure,value,note\nQ4 2023-24,families_helped,10,\nQ4 2098-99,days_in_care,3,\n"
    )
    page.locator("#id_file").set_input_files(
        files=[{"name": "returns.csv", "mimeType": "text/csv", "buffer": bad}]
    )
    scanner.submit("Upload and save")
    scanner.scan("returns upload, bad rows", ".govuk-error-summary li:has-text('Line 3')")
    quarter = "Q4 2023-24 (January to March 2024)"
    scanner.visit("sign-off", f"{returns}sign-off/?quarter=2024-01-01", ".govuk-summary-list")
    scanner.submit(f"Sign off {quarter}")
    scanner.scan("council returns, a quarter signed off", "main .govuk-tag--green")
    scanner.visit("reopen", f"{returns}reopen/?quarter=2024-01-01", "#id_reason")
    scanner.submit(f"Reopen {quarter}")
    scanner.scan("reopen, no reason", ".govuk-error-summary a[href='#id_reason']")
    scanner.assert_clean()


def test_an_empty_quarter_sent_by_keyboard_focuses_the_error_summary(
    page, site_content, scanner, outcomes_data
):
    """GOV.UK: the error summary takes focus, each error links to its field, and following a
    link by keyboard puts the cursor in that field."""
    form = f"/returns/{outcomes_data.herts.pk}/quarter/"
    sign_in(page, site_content, outcomes_data.herts_lead.username, PASSWORD, form)
    tab_to_element(page, "main form button[type='submit']")
    press_enter_and_wait(page)
    wait_for_error_summary_focus(page)
    assert page.title().startswith("Error: "), page.title()

    links = page.locator(".govuk-error-summary a")
    targets = [
        href.removeprefix("#")
        for href in links.evaluate_all("(a) => a.map((l) => l.getAttribute('href'))")
    ]
    assert targets == ["id_year", "id_quarter_0"], targets
    for target in targets:
        field = page.locator(f"main form #{target}")
        assert field.count() == 1, f"the error summary links to #{target}, not a form field"
        assert page.locator(f"#{target.removesuffix('_0')}-error").is_visible()
    scanner.scan("quarter form, nothing entered", ".govuk-error-summary")

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement?.id === 'id_year'", timeout=5_000)
    scanner.assert_clean()


def test_background_work_pages_have_no_axe_violations(
    page, site_content, scanner, outcomes_data, tmp_path
):
    """A statistics upload and an Excel file of answers, through their status pages: waiting,
    then done or failed. The live server shares the test's transaction, which never commits,
    so the tasks the pages enqueue are run here, as the worker would run them."""
    sign_in(page, site_content, outcomes_data.reviewer.username, PASSWORD)
    good = tmp_path / "cin.csv"
    good.write_text("\n".join(GOOD_ROWS) + "\n", encoding="utf-8")
    broken = tmp_path / "broken.csv"
    broken.write_text(good.read_text() + "2024,Reporting year\n", encoding="utf-8")
    for path, outcome in ((good, "Statistics imported"), (broken, "broken.csv was not imported")):
        page.goto(site_content + "/statistics/upload/")
        page.set_input_files("#id_file", str(path))
        page.get_by_label("Explore Education Statistics open-data file").check()
        scanner.submit("Upload and import")
        assert h1_text(page) == f"Importing {path.name}"
        scanner.scan(f"upload of {path.name}, waiting", "#work-status")
        import_statistics_upload.call(upload_id=StatisticsUpload.objects.latest("pk").pk)
        scanner.submit("Check again")
        assert h1_text(page) == outcome
        scanner.scan(f"upload of {path.name}, finished", "main .govuk-button")

    cohort = outcomes_data.cohort
    scanner.visit("answers as Excel", f"/review/{cohort.pk}/export/answers-excel/", "form button")
    scanner.submit("Prepare the file")
    assert h1_text(page) == "Preparing your Excel file"
    scanner.scan("answers as Excel, waiting", "#work-status")
    build_answers_export_task.call(export_id=AnswersExport.objects.get().pk)
    scanner.submit("Check again")
    assert h1_text(page) == "Your Excel file is ready"
    scanner.scan("answers as Excel, ready", "a[href$='answers.xlsx']")
    scanner.assert_clean()
