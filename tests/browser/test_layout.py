"""Every page shape, as each role sees it, fits a phone's width; the cohort overview fits a laptop's.

WCAG 1.4.10 (reflow): at 390 px no page scrolls sideways. Wide tables scroll inside their own
labelled, focusable region instead, and so do charts, which keep a readable size. The live server's
database gets demo-like data built with the factories: Hertfordshire with official figures and a
local return; West Berkshire, Luton and Bracknell Forest with submitted (and one draft) rounds and
milestone plans, one of them late; all four in a cohort with a reviewer.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import pytest

from authorities.choices import MembershipRole
from authorities.models import Authority
from cohorts.models import Cohort, Milestone
from fidelity.models import Assessment
from fidelity.selectors import section_keys
from outcomes import services as outcome_services
from tests.authorities.factories import PASSWORD, member, register_council
from tests.browser.helpers import sign_in, tab_to_element
from tests.cohorts.factories import CohortFactory, MilestoneEntryFactory
from tests.fidelity.factories import answer_everything, start_round, submitted_round
from tests.official_statistics.observations import plans_and_rereferrals

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}

NOT_FOUND = "/this-page-does-not-exist/"

# The page's width, and what sticks out of it (outside the scroll regions) to say why.
OVERFLOW_JS = """() => {
  const SCROLLERS = ".app-table-scroll, .app-chart-scroll";
  const limit = document.documentElement.clientWidth;
  const culprits = [];
  for (const el of document.querySelectorAll("body *")) {
    const right = el.getBoundingClientRect().right;
    if (right > limit + 1 && (el.matches(SCROLLERS) || !el.closest(SCROLLERS))) {
      let name = el.tagName.toLowerCase();
      if (el.id) name += "#" + el.id;
      else if (typeof el.className === "string" && el.className) name += "." + el.className.trim().split(/\\s+/).join(".");
      culprits.push(`${name} (${Math.round(right)} px)`);
    }
  }
  return {width: document.documentElement.scrollWidth, culprits: culprits.slice(0, 6)};
}"""

# Charts drawn smaller than this on a phone have labels too small to read.
SHRUNK_CHARTS_JS = """() => [...document.querySelectorAll("main img[src*='.svg']")]
  .filter((img) => img.complete && img.getBoundingClientRect().width < 560)
  .map((img) => `${img.getAttribute("src")} (${Math.round(img.getBoundingClientRect().width)} px)`)"""

# Scroll regions that a keyboard or screen reader user could not use: not focusable, not a
# labelled region, or labelled by an element that is not there.
UNUSABLE_REGIONS_JS = """() => [...document.querySelectorAll(".app-table-scroll, .app-chart-scroll")].filter((el) => {
  const by = el.getAttribute("aria-labelledby");
  const named = by ? !!document.getElementById(by)?.textContent.trim() : !!el.getAttribute("aria-label")?.trim();
  return el.getAttribute("role") !== "region" || el.getAttribute("tabindex") !== "0" || !named;
}).map((el) => el.outerHTML.slice(0, 120))"""


@dataclass
class LayoutData:
    herts: Authority
    herts_lead: object
    wb_lead: object
    draft: Assessment
    submitted: Assessment
    cohort: Cohort
    reviewer: object
    nobody: object
    luton: Authority


@pytest.fixture
def layout_data(site_content, fidelity_framework) -> LayoutData:
    herts = register_council("E10000015", went_live=datetime.date(2014, 10, 1))
    plans_and_rereferrals(herts, years=(2014, 2025))
    herts_lead = member("herts-lead", herts, MembershipRole.LEAD)
    outcome_services.save_local_return(
        user=herts_lead,
        authority=herts,
        quarter=datetime.date(2024, 1, 1),
        values={"families_worked_with": Decimal(120), "school_attendance": Decimal("91.5")},
        base_revision="",
        note="From the case management system.",
    )

    west_berkshire = register_council("E06000037", went_live=datetime.date(2017, 10, 2))
    luton = register_council("E06000032")
    bracknell = register_council("E06000036")
    wb_lead = member("wb-lead", west_berkshire, MembershipRole.LEAD)
    luton_lead = member("luton-lead", luton, MembershipRole.LEAD)
    bf_lead = member("bf-lead", bracknell, MembershipRole.LEAD)
    submitted_round(west_berkshire, wb_lead, round=0, level="1")
    submitted = submitted_round(
        west_berkshire, wb_lead, round=6, level="2", overrides={"mi-practice-observed": "0"}
    )
    draft = start_round(west_berkshire, wb_lead, round=12)
    answer_everything(draft, wb_lead, level="1")
    submitted_round(luton, luton_lead, round=0, level="2")
    submitted_round(bracknell, bf_lead, round=0, level="0")
    submitted_round(bracknell, bf_lead, round=6, level="1")

    reviewer = get_user_model().objects.create_user(
        "reviewer", password=PASSWORD, first_name="Rita", last_name="Reviewer"
    )
    reviewer.groups.add(Group.objects.get(name="Statistics managers"))  # for the upload page
    cohort = CohortFactory(
        name="Innovation Programme 2017",
        programme="Children's Social Care Innovation Programme",
        start_date=datetime.date(2017, 4, 1),
        councils=[west_berkshire, luton, bracknell, herts],
        reviewers=[reviewer],
    )
    today = datetime.date.today()
    for authority in (west_berkshire, luton):
        MilestoneEntryFactory(
            authority=authority,
            milestone=Milestone.objects.get(slug="multi-agency-board"),
            status="done",
            target_date=datetime.date(2017, 5, 1),
            actual_date=datetime.date(2017, 5, 3),
            note="Chaired by the director of children's services.",
        )
        MilestoneEntryFactory(
            authority=authority,
            milestone=Milestone.objects.get(slug="workbook-live"),
            status="on-track",
            target_date=today - datetime.timedelta(days=60),
            note="Waiting for the case recording system supplier.",
        )
    nobody = get_user_model().objects.create_user("no-cohorts", password=PASSWORD)
    return LayoutData(herts, herts_lead, wb_lead, draft, submitted, cohort, reviewer, nobody, luton)


PUBLIC_PAGES = [
    "/",
    "/about/",
    "/accessibility/",
    "/the-model/",
    "/the-model/motivational-interviewing/",
    "/roles/",
    "/roles/consultant-social-worker/",
    "/stories/",
    "/stories/marys-story/",
    "/impact/",
    "/methodology/",
    "/resources/",
    "/resources/?audience=leader&stage=installation",
    "/resources/group-supervision-record/",
    "/search/?q=motivational+interviewing",
    NOT_FOUND,
    "/accounts/login/",
    "/outcomes/",
    "/outcomes/E10000015/",
]


def council_pages(data: LayoutData) -> list[str]:
    draft, done = data.draft.pk, data.submitted.pk
    authority = data.draft.authority_id
    keys = section_keys(data.draft.framework)
    action = done_action_slug(data.submitted)
    return [
        "/",
        "/outcomes/E10000015/",
        "/assessments/",
        "/assessments/start/",
        f"/assessments/{draft}/",
        f"/assessments/{draft}/sections/{keys[0]}/",
        f"/assessments/{draft}/sections/{keys[1]}/",
        f"/assessments/{draft}/check/",
        f"/assessments/{done}/submitted/",
        f"/assessments/{done}/results/",
        f"/assessments/{done}/results/print/",
        f"/assessments/{done}/actions/{action}/",
        f"/assessments/{done}/history/",
        "/milestones/",
        f"/milestones/{authority}/",
        f"/milestones/{authority}/history/",
        f"/milestones/{authority}/workbook-live/",
        "/returns/",
        f"/returns/{authority}/",
        f"/returns/{authority}/quarter/",
        f"/returns/{authority}/upload/",
    ]


def done_action_slug(assessment: Assessment) -> str:
    """An indicator of the action plan: one answered below its reference level."""
    return assessment.answers.filter(level="0").values_list("indicator__slug", flat=True)[0]


def reviewer_pages(data: LayoutData) -> list[str]:
    cohort = data.cohort.pk
    return [
        "/",
        "/review/",
        f"/review/{cohort}/",
        f"/review/{cohort}/?round=0&sort=overall&order=desc",
        f"/review/{cohort}/councils/{data.draft.authority_id}/",
        f"/review/{cohort}/assessments/{data.submitted.pk}/",
        f"/review/{cohort}/outcomes/",
        "/review/tokens/",
        "/review/tokens/new/",
        "/returns/",
        f"/returns/review/{cohort}/",
        "/statistics/upload/",
    ]


def measure(page, base: str, paths: list[str], role: str) -> list[str]:
    """What is wrong with each page at the viewport's width, one line per problem."""
    problems = []
    for path in paths:
        response = page.goto(base + path)
        status = 404 if path == NOT_FOUND else 200
        assert response is not None and response.status == status, (
            f"{role}: {path} answered {response and response.status}, expected {status}"
        )
        found = page.evaluate(OVERFLOW_JS)
        if found["width"] > page.viewport_size["width"]:
            problems.append(f"- {role}: {path} is {found['width']} px wide: {found['culprits']}")
        if page.viewport_size["width"] < 641:
            for chart in page.evaluate(SHRUNK_CHARTS_JS):
                problems.append(f"- {role}: {path} shrinks a chart to unreadable text: {chart}")
        for region in page.evaluate(UNUSABLE_REGIONS_JS):
            problems.append(
                f"- {role}: {path} has a scroll region without a name or focus: {region}"
            )
    return problems


def test_no_page_scrolls_sideways_on_a_phone(page, site_content, layout_data):
    base = site_content
    page.set_viewport_size(PHONE)
    problems = measure(page, base, PUBLIC_PAGES, "anonymous")

    sign_in(page, base, layout_data.wb_lead.username, PASSWORD)
    problems += measure(page, base, council_pages(layout_data), "council lead")

    page.context.clear_cookies()
    sign_in(page, base, layout_data.reviewer.username, PASSWORD)
    problems += measure(page, base, reviewer_pages(layout_data), "reviewer")

    page.context.clear_cookies()
    sign_in(page, base, layout_data.nobody.username, PASSWORD)
    problems += measure(page, base, ["/review/", "/returns/", "/milestones/"], "no role")

    assert not problems, "pages wider than 390 px:\n" + "\n".join(problems)


# The councils table of the cohort overview: what a reviewer needs at a glance.
KEY_COLUMNS = [
    "Council",
    "Round",
    "Overall",
    "Change",
    "Milestones done",
    "Late",
    "Stage",
    "Last submitted",
]

# Each scroll region of the page: its caption's id, and how much wider its table is than itself.
REGION_WIDTHS_JS = """() => [...document.querySelectorAll(".app-table-scroll")].map((el) => ({
  label: el.getAttribute("aria-labelledby") || el.getAttribute("aria-label"),
  overflow: el.scrollWidth - el.clientWidth,
}))"""


def test_the_cohort_overview_shows_its_key_columns_on_a_laptop(page, site_content, layout_data):
    """At 1280 px every column of the councils table is in sight, and so is every column of the
    domain scores beneath it: nothing hides off to the side without a cue."""
    overview = f"/review/{layout_data.cohort.pk}/"
    page.set_viewport_size(LAPTOP)
    sign_in(page, site_content, layout_data.reviewer.username, PASSWORD)
    for path in (overview, f"{overview}?round=0&sort=late&order=desc"):
        page.goto(site_content + path)
        headers = page.locator("table:has(#overview-caption) thead th").evaluate_all(
            "(ths) => ths.map((th) => th.innerText.replace(/, sorted \\w+$/, '').trim())"
        )
        assert headers == KEY_COLUMNS, f"{path}: {headers}"
        domains = page.locator("table:has(#domains-caption) thead th")
        assert domains.count() == 1 + layout_data.draft.framework.domains.count()
        widths = page.evaluate(REGION_WIDTHS_JS)
        assert [w["label"] for w in widths][:2] == ["overview-caption", "domains-caption"]
        too_wide = [w for w in widths if w["overflow"] > 0]
        assert not too_wide, f"{path}: tables wider than their box (px): {too_wide}"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_both_navigation_bars_work_on_a_phone(new_context, site_content, layout_data, javascript):
    """Without JavaScript both lists show; with it, each hides behind its own menu button,
    which the keyboard opens."""
    page = new_context(java_script_enabled=javascript, viewport=PHONE).new_page()
    sign_in(page, site_content, layout_data.reviewer.username, PASSWORD, "/review/")
    review = page.locator("#work-navigation a[href='/review/']")
    roles = page.locator("#navigation a[href='/roles/']")
    if javascript:
        assert not review.is_visible() and not roles.is_visible()
        menu = page.get_by_role("button", name="Your work menu")
        tab_to_element(page, "button[aria-controls='work-navigation']")
        page.keyboard.press("Enter")
        assert menu.get_attribute("aria-expanded") == "true"
        assert not roles.is_visible(), "one button opened both menus"
        page.get_by_role("button", name="Menu", exact=True).click()
    assert review.is_visible() and roles.is_visible()
    assert review.get_attribute("aria-current") == "page"
    sign_out = page.locator("#work-navigation").get_by_role("button", name=re.compile("^Sign out"))
    assert sign_out.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
