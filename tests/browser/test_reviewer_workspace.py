"""The reviewer workspace in a real browser: the review journey end to end, and axe on every page.

The live server's database gets the real framework and milestone template, three councils of a
cohort (each with a lead and submitted rounds, built through the services as tests/fidelity does),
milestone plans with a late milestone, a reviewer assigned to the cohort and a user who reviews
nothing.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse

import pytest
from axe_playwright_python.sync_playwright import Axe

from authorities.choices import MembershipRole
from authorities.models import Authority, Membership
from cohorts.milestone_file import MILESTONE_FILE, read_milestones, save_milestones
from cohorts.models import Cohort, Milestone, MilestoneEntry
from cohorts.services import review_submission
from fidelity import services
from fidelity.choices import AssessmentStatus, ReviewOutcome
from fidelity.models import Assessment, ReviewDecision
from tests.authorities.factories import PASSWORD, register_council
from tests.browser.helpers import (
    AXE_OPTIONS,
    describe,
    focused_matches,
    h1_text,
    sign_in,
    sign_out,
    tab_to_element,
    wait_for_error_summary_focus,
)
from tests.fidelity.factories import answer_everything, submit_round

pytestmark = pytest.mark.browser

COMMENT = "Say how Motivational Interviewing practice is observed, and by whom."
OVERVIEW_ROWS = "table:has(#overview-caption) tbody th[scope='row']"


@dataclass
class Council:
    authority: Authority
    lead: object
    rounds: dict[int, Assessment] = field(default_factory=dict)

    @property
    def latest(self) -> Assessment:
        return self.rounds[max(self.rounds)]


@dataclass
class ReviewData:
    cohort: Cohort
    reviewer: object
    nobody: object
    councils: dict[str, Council]


def _council(name: str, ons_code: str, dfe_number: int, lead: str, levels: tuple[str, ...]):
    """A council, its lead and one submitted assessment per level (rounds 0, 6, ...)."""
    authority = register_council(ons_code)
    user = get_user_model().objects.create_user(
        username=lead, password=PASSWORD, first_name=lead.split("-")[0].title()
    )
    Membership.objects.create(user=user, authority=authority, role=MembershipRole.LEAD)
    council = Council(authority, user)
    for index, level in enumerate(levels):
        assessment = services.start_assessment(user=user, authority=authority, round=6 * index)
        answer_everything(assessment, user, level=level)
        council.rounds[6 * index] = submit_round(assessment, user)
    return council


@pytest.fixture
def review_data(site_content, fidelity_framework) -> ReviewData:
    """A cohort of three councils whose names, latest scores and baseline scores sort apart.

    Latest overall: Luton (level 2) > Bracknell Forest (level 1) > Peterborough (level 0).
    Baseline overall: Bracknell Forest (2) > Luton (1) > Peterborough (0).
    """
    specs, problems = read_milestones(settings.CONTENT_DIR / MILESTONE_FILE)
    assert not problems, problems
    save_milestones(specs)

    councils = {
        "Bracknell Forest": _council("Bracknell Forest", "E06000036", 867, "bf-lead", ("2", "1")),
        "Luton": _council("Luton", "E06000032", 821, "luton-lead", ("1", "2")),
        "Peterborough": _council("Peterborough", "E06000031", 874, "pb-lead", ("0",)),
    }
    cohort = Cohort.objects.create(
        name="Innovation Programme 2023",
        programme="Innovation Programme",
        start_date=datetime.date(2023, 1, 1),
    )
    cohort.councils.set([c.authority for c in councils.values()])
    reviewer = get_user_model().objects.create_user(
        "reviewer", password=PASSWORD, first_name="Rita", last_name="Reviewer"
    )
    cohort.reviewers.add(reviewer)
    nobody = get_user_model().objects.create_user("no-cohorts", password=PASSWORD)
    nobody.groups.add(Group.objects.get_or_create(name="Reviewers")[0])  # not yet assigned

    today = datetime.date.today()
    board = Milestone.objects.get(slug="multi-agency-board")
    workbook = Milestone.objects.get(slug="workbook-live")
    for council in councils.values():
        MilestoneEntry.objects.create(
            authority=council.authority,
            milestone=board,
            status="done",
            target_date=datetime.date(2023, 5, 1),
            actual_date=datetime.date(2023, 5, 3),
            note="Chaired by the director of children's services.",
        )
    # Late: the target has passed and it is not done.
    MilestoneEntry.objects.create(
        authority=councils["Luton"].authority,
        milestone=workbook,
        status="on-track",
        target_date=today - datetime.timedelta(days=60),
        note="Waiting for the case recording system supplier.",
    )
    MilestoneEntry.objects.create(
        authority=councils["Bracknell Forest"].authority,
        milestone=workbook,
        status="at-risk",
        target_date=today + datetime.timedelta(days=90),
    )
    return ReviewData(cohort, reviewer, nobody, councils)


def press_enter_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def overview_councils(page) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(OVERVIEW_ROWS).all_inner_texts()]


def aria_sort(page, key: str) -> str | None:
    """The aria-sort of the overview column sorted by ``key``."""
    header = page.locator(f"th:has(> a.app-sort-link[href*='sort={key}&'])")
    assert header.count() == 1, f"no single column header sorts by {key} on {page.url}"
    return header.get_attribute("aria-sort")


def test_reviewer_returns_a_submission_and_the_council_lead_resubmits(
    page, site_content, review_data
):
    base = site_content
    cohort = review_data.cohort
    luton = review_data.councils["Luton"]
    submission = luton.latest
    assert submission.round == 6 and submission.status == AssessmentStatus.SUBMITTED
    overview = f"{base}/review/{cohort.pk}/"
    assessment_url = f"{base}/review/{cohort.pk}/assessments/{submission.pk}/"

    # The reviewer signs in and finds Review in the service navigation.
    sign_in(page, base, review_data.reviewer.username, PASSWORD)
    tab_to_element(page, ".govuk-service-navigation a[href='/review/']")
    press_enter_and_wait(page)
    assert page.url == f"{base}/review/"
    assert h1_text(page) == "Your cohorts"
    review_link = page.locator(".govuk-service-navigation a[href='/review/']")
    assert review_link.get_attribute("aria-current") == "page"

    # The cohort.
    tab_to_element(page, f"main a[href='/review/{cohort.pk}/']")
    press_enter_and_wait(page)
    assert page.url == overview
    assert h1_text(page) == cohort.name
    assert overview_councils(page) == ["Bracknell Forest", "Luton", "Peterborough"]
    assert aria_sort(page, "council") == "ascending"
    assert aria_sort(page, "overall") == "none"

    # Sort by Overall: once ascending, then descending.
    tab_to_element(page, "a.app-sort-link[href*='sort=overall&']")
    press_enter_and_wait(page)
    assert page.url == f"{overview}?sort=overall&order=asc"
    assert overview_councils(page) == ["Peterborough", "Bracknell Forest", "Luton"]
    assert aria_sort(page, "overall") == "ascending"
    assert aria_sort(page, "council") == "none"
    assert "sorted ascending" in page.locator("a.app-sort-link[href*='sort=overall&']").inner_text()

    tab_to_element(page, "a.app-sort-link[href*='sort=overall&']")
    press_enter_and_wait(page)
    assert page.url == f"{overview}?sort=overall&order=desc"
    assert overview_councils(page) == ["Luton", "Bracknell Forest", "Peterborough"]
    assert aria_sort(page, "overall") == "descending"

    # Filter by round: the Baseline, keeping the sort.
    tab_to_element(page, "select#round")
    page.locator("select#round").select_option(label="Baseline")
    tab_to_element(page, "form.app-filter button[type='submit']")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Show round"
    press_enter_and_wait(page)
    assert "round=0" in page.url and "sort=overall" in page.url and "order=desc" in page.url
    assert page.locator("#overview-caption").inner_text() == "Councils: Baseline round"
    assert page.locator("select#round").evaluate("(s) => s.selectedOptions[0].text") == "Baseline"
    assert overview_councils(page) == ["Bracknell Forest", "Luton", "Peterborough"]
    assert aria_sort(page, "overall") == "descending"
    round_cells = page.locator("table:has(#overview-caption) tbody tr td:nth-of-type(1) a")
    assert {" ".join(t.split()) for t in round_cells.all_inner_texts()} == {
        f"Baseline assessment of {name}" for name in review_data.councils
    }

    # Open Luton, then its latest submission.
    tab_to_element(page, f"main table a[href='/review/{cohort.pk}/councils/{luton.authority.pk}/']")
    press_enter_and_wait(page)
    assert page.url == f"{base}/review/{cohort.pk}/councils/{luton.authority.pk}/"
    assert h1_text(page) == "Luton"
    assert "1 late" in page.locator("main .govuk-summary-list").inner_text()
    tab_to_element(page, f"main table a[href='/review/{cohort.pk}/assessments/{submission.pk}/']")
    assert page.evaluate("document.activeElement.textContent.trim()") == "6 months"
    press_enter_and_wait(page)
    assert page.url == assessment_url
    assert h1_text(page) == "6 months assessment"
    assert page.locator("main p .govuk-tag").first.inner_text() == "Submitted"

    # "Returned for changes" without a comment: refused, with the error summary focused.
    tab_to_element(page, "input[name='outcome']")
    assert focused_matches(page, "[value='validated']"), "Validated is not the first radio"
    page.keyboard.press("ArrowDown")
    assert page.locator("input[name='outcome'][value='returned']").is_checked()
    tab_to_element(page, "form.app-review-form button[type='submit']")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Record decision"
    press_enter_and_wait(page)
    page.wait_for_load_state("load")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible(), "no error summary after a return without a comment"
    wait_for_error_summary_focus(page)
    assert page.title().startswith("Error: "), page.title()
    assert "Enter a comment" in summary.inner_text()
    assert page.locator("input[name='outcome'][value='returned']").is_checked(), (
        "the chosen decision was lost"
    )
    submission.refresh_from_db()
    assert submission.status == AssessmentStatus.SUBMITTED
    assert not ReviewDecision.objects.filter(assessment=submission).exists()

    # Return it with a comment.
    tab_to_element(page, "textarea#id_comment")
    page.keyboard.type(COMMENT)
    tab_to_element(page, "form.app-review-form button[type='submit']")
    press_enter_and_wait(page)
    assert page.url == f"{base}/review/{cohort.pk}/councils/{luton.authority.pk}/"
    banner = page.locator(".govuk-notification-banner--success")
    assert banner.inner_text().split("\n")[-1].strip() == (
        "Luton's 6 months assessment has been returned."
    ), banner.inner_text()
    submission.refresh_from_db()
    assert submission.status == AssessmentStatus.RETURNED

    # The council lead sees the comment, then resubmits.
    sign_out(page)
    sign_in(
        page,
        base,
        luton.lead.username,
        PASSWORD,
        next_path=f"/assessments/{submission.pk}/",
    )
    assert page.url == f"{base}/assessments/{submission.pk}/"
    returned = page.locator(".govuk-notification-banner:has(#review-title)")
    assert returned.locator("#review-title").inner_text() == "Returned by your reviewer"
    assert COMMENT in returned.inner_text()
    assert "Rita Reviewer wrote on" in returned.inner_text()
    tab_to_element(page, f"main a[href='/assessments/{submission.pk}/check/']")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Check your answers"
    press_enter_and_wait(page)
    assert h1_text(page) == "Check your answers before submitting"
    tab_to_element(page, "#id_declaration")
    page.keyboard.press("Space")
    assert page.locator("#id_declaration").is_checked()
    tab_to_element(page, "main form button[type='submit']")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Submit assessment"
    press_enter_and_wait(page)
    assert page.url == f"{base}/assessments/{submission.pk}/submitted/"
    assert h1_text(page) == "Assessment submitted"
    submission.refresh_from_db()
    assert submission.status == AssessmentStatus.SUBMITTED

    # The reviewer sees the resubmission and its history, then validates it.
    sign_out(page)
    sign_in(
        page,
        base,
        review_data.reviewer.username,
        PASSWORD,
        next_path=f"/review/{cohort.pk}/assessments/{submission.pk}/",
    )
    assert page.url == assessment_url
    assert page.locator("main p .govuk-tag").first.inner_text() == "Submitted"
    history = page.locator("#thread-submission li")
    assert history.count() == 1
    assert re.match(
        r"Returned for changes by Rita Reviewer \(reviewer\), "
        r"(\d{1,2}(:\d{2})?[ap]m|midday|midnight), \d{1,2} [A-Z][a-z]+ \d{4}",
        history.first.inner_text(),
    )
    assert COMMENT in history.first.inner_text()

    tab_to_element(page, "input[name='outcome']")
    assert focused_matches(page, "[value='validated']")
    page.keyboard.press("Space")
    assert page.locator("input[name='outcome'][value='validated']").is_checked()
    tab_to_element(page, "form.app-review-form button[type='submit']")
    press_enter_and_wait(page)
    assert page.url == f"{base}/review/{cohort.pk}/councils/{luton.authority.pk}/"
    assert "Luton's 6 months assessment has been validated." in (
        page.locator(".govuk-notification-banner--success").inner_text()
    )

    page.goto(assessment_url)
    assert page.locator("main p .govuk-tag").first.inner_text() == "Validated"
    assert page.locator("form.app-review-form").count() == 0, "a validated one can be decided"
    outcomes = [t.split(" by ")[0] for t in page.locator("#thread-submission li").all_inner_texts()]
    assert outcomes == ["Returned for changes", "Validated"]  # oldest first, as a thread reads
    submission.refresh_from_db()
    assert submission.status == AssessmentStatus.VALIDATED


def test_a_return_without_a_comment_points_to_the_comment_box(page, site_content, review_data):
    """GOV.UK: the error summary links to the field at fault, which shows the error message."""
    cohort = review_data.cohort
    submission = review_data.councils["Luton"].latest
    sign_in(page, site_content, review_data.reviewer.username, PASSWORD)
    page.goto(f"{site_content}/review/{cohort.pk}/assessments/{submission.pk}/")
    page.locator("input[name='outcome'][value='returned']").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record decision").click()
    page.wait_for_load_state("load")
    wait_for_error_summary_focus(page)

    links = page.locator(".govuk-error-summary a")
    texts = links.all_inner_texts()
    assert len(texts) == 1 and texts[0].startswith("Enter a comment"), texts
    assert links.first.get_attribute("href") == "#id_comment", (
        f"the error summary's ‘{texts[0]}’ links to {links.first.get_attribute('href')}, "
        "not to the comment box"
    )
    error = page.locator("#id_comment-error.govuk-error-message")
    assert error.count() == 1, "the comment box shows no error message"
    assert "id_comment-error" in page.locator("#id_comment").get_attribute("aria-describedby")

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement?.id === 'id_comment'", timeout=5_000)


def test_reviewer_and_milestone_pages_have_no_axe_violations(page, site_content, review_data):
    base = site_content
    cohort = review_data.cohort
    luton = review_data.councils["Luton"]
    bracknell = review_data.councils["Bracknell Forest"]
    axe = Axe()
    report: list[str] = []
    scanned: list[str] = []

    def scan(label: str, path: str, marker: str) -> None:
        """Scan the page on screen, checking first it is the state meant to be scanned."""
        assert page.url.split("#")[0] == base + path, f"{label}: on {page.url}, not {path}"
        assert page.locator("h1").count() == 1, f"{label}: {path} should have one <h1>"
        assert page.locator(marker).count() > 0, f"{label}: {path} has nothing matching {marker!r}"
        broken = page.locator("main img").evaluate_all(
            "(imgs) => imgs.filter((i) => !i.complete || !i.naturalWidth).map((i) => i.src)"
        )
        assert not broken, f"{label}: images that did not load on {path}: {broken}"
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.response["passes"], f"{label}: axe ran no rules on {path}"
        report.extend(describe(results.response["violations"], label, path))
        scanned.append(label)

    def visit(label: str, path: str, marker: str) -> None:
        response = page.goto(base + path)
        assert response is not None and response.status == 200, (
            f"{label}: {path} answered {response and response.status}"
        )
        page.wait_for_load_state("load")
        scan(label, path, marker)

    def submit(button: str) -> None:
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name=button).click()
        page.wait_for_load_state("load")

    # The reviewer's pages.
    sign_in(page, base, review_data.reviewer.username, PASSWORD)
    visit("cohort list", "/review/", f"main a[href='/review/{cohort.pk}/']")
    overview = f"/review/{cohort.pk}/"
    visit("overview", overview, "#overview-caption")
    visit("overview, sorted", f"{overview}?sort=overall&order=desc", "th[aria-sort='descending']")
    visit("overview, filtered", f"{overview}?round=0", "#overview-caption:text('Baseline round')")
    visit(
        "overview, filtered and sorted",
        f"{overview}?round=0&sort=late&order=desc",
        "#overview-caption:text('Baseline round')",
    )
    # A round some councils have not submitted is scanned by
    # test_overview_of_a_round_a_council_has_not_submitted, which fails on it for now.
    council = f"/review/{cohort.pk}/councils/{luton.authority.pk}/"
    visit("council drill-down", council, "#plan-caption")
    peterborough = review_data.councils["Peterborough"]
    visit(
        "council drill-down, one round",
        f"/review/{cohort.pk}/councils/{peterborough.authority.pk}/",
        "#plan-caption",
    )

    review = f"/review/{cohort.pk}/assessments/{luton.latest.pk}/"
    visit("assessment review", review, "form.app-review-form")
    submit("Record decision")
    scan("assessment review, nothing chosen", review + "decision/", ".govuk-error-summary")
    page.locator("input[name='outcome'][value='returned']").check()
    submit("Record decision")
    scan(
        "assessment review, returned without a comment",
        review + "decision/",
        ".govuk-error-summary",
    )
    page.locator("#id_comment").fill(COMMENT)
    submit("Record decision")
    scan("council drill-down, after a decision", council, ".govuk-notification-banner--success")
    # A returned round is the council's work in progress: listed, and opened with its review.
    visit(
        "council drill-down, a returned round",
        council,
        "main td:has-text('The council is changing it')",
    )
    visit("overview, a returned round", overview, "main .govuk-tag:text-is('Returned')")
    visit("assessment review, returned", review, "h2:text-is('Review comments')")
    submit("Add comment")
    scan("assessment review, an empty comment", review + "comments/", ".govuk-error-summary")
    page.locator("#id_thread").select_option(index=1)  # the first indicator
    page.locator("#id_body").fill("How often is group supervision observed?")
    submit("Add comment")
    scan("assessment review, after a comment", review, ".app-review-thread")
    reopen = f"{review}decisions/{luton.latest.review_decisions.first().pk}/reopen/"
    visit("reopen a decision", reopen, "#id_reason")
    submit("Reopen decision")
    scan("reopen a decision, no reason", reopen, ".govuk-error-summary")

    # The council's side: the returned round's task list and the threads, with a reply.
    sign_out(page)
    sign_in(page, base, luton.lead.username, PASSWORD)
    visit("task list, returned", f"/assessments/{luton.latest.pk}/", "#reviewer-comments")
    threads = f"/assessments/{luton.latest.pk}/review/"
    visit("reviewer's comments", threads, ".app-review-thread")
    submit("Send reply about The whole submission")
    scan("reviewer's comments, an empty reply", threads + "reply/", ".govuk-error-summary")
    sign_out(page)
    sign_in(page, base, review_data.reviewer.username, PASSWORD)

    # A validated one, with its history.
    validated = bracknell.latest
    review_submission(
        reviewer=review_data.reviewer,
        cohort=cohort,
        assessment=validated,
        submitted_at=validated.submitted_at,
        outcome=ReviewOutcome.VALIDATED,
        comment="",
    )
    visit(
        "assessment review, validated",
        f"/review/{cohort.pk}/assessments/{validated.pk}/",
        "h2:text-is('Review comments')",
    )

    # The API token pages, when the export URLs offer them.
    try:
        token_list = reverse("review_exports:token_list")
    except NoReverseMatch:
        token_list = None
        report.append("- token pages: review_exports:token_list does not resolve; not scanned")
    if token_list:
        token_new = reverse("review_exports:token_create")
        visit("token list, none", token_list, "main p:text('You have no tokens yet.')")
        visit("token create", token_new, "#id_name")
        submit("Create token")
        scan("token create with errors", token_new, ".govuk-error-summary")
        page.locator("#id_name").fill("Quarterly report script")
        submit("Create token")
        scan("token created", token_new, "#token-key")
        visit("token list, one", token_list, "main table a[href*='/revoke/']")
        revoke = page.locator("main table a[href*='/revoke/']").first.get_attribute("href")
        visit("token revoke", revoke, "button.govuk-button--warning")
        submit("Revoke token")
        scan("token list after revoking", token_list, ".govuk-notification-banner--success")
        visit("token revoke, already revoked", revoke, "h1:text('is revoked')")

    # A signed-in user who reviews no cohort.
    sign_out(page)
    sign_in(page, base, review_data.nobody.username, PASSWORD)
    visit("cohort list, no cohorts", "/review/", "main .govuk-inset-text")

    # The council's milestone pages.
    sign_out(page)
    sign_in(page, base, luton.lead.username, PASSWORD)
    visit("milestone plans", "/milestones/", f"main a[href='/milestones/{luton.authority.pk}/']")
    plan = f"/milestones/{luton.authority.pk}/"
    visit("milestone plan", plan, "main table .govuk-tag--red")
    edit = f"{plan}workbook-live/"
    visit("milestone edit", edit, "input[name='status']")
    page.locator("input[name='status'][value='done']").check()
    submit("Save milestone")
    scan("milestone edit, done without an actual date", edit, ".govuk-error-summary")
    # A target date years away and an actual date that does not exist.
    page.locator("input[name='target_date-year']").fill("2099")
    page.locator("input[name='actual_date-day']").fill("31")
    page.locator("input[name='actual_date-month']").fill("2")
    page.locator("input[name='actual_date-year']").fill("2024")
    submit("Save milestone")
    scan("milestone edit, dates that make no sense", edit, ".govuk-error-summary")
    visit("milestone edit, not started", f"{plan}psychologist-access/", "input[name='status']")
    page.locator("input[name='status'][value='on-track']").check()
    submit("Save milestone")
    scan("milestone plan, after a change", plan, ".govuk-notification-banner--success")

    assert not report, (
        f"axe found accessibility violations (scanned: {', '.join(scanned)}):\n" + "\n".join(report)
    )


def test_overview_of_a_round_a_council_has_not_submitted(page, site_content, review_data):
    """A council with nothing in the round shown gets "None submitted", not a server error.

    Peterborough has only a baseline; then a fourth council with no assessment at all joins.
    """
    base = site_content
    cohort = review_data.cohort
    axe = Axe()
    problems: list[str] = []

    def check(label: str, path: str, without: list[str]) -> None:
        response = page.goto(base + path)
        if response is None or response.status != 200:
            problems.append(f"- {label} ({path}) answered {response and response.status}")
            return
        rows = {
            " ".join(row.locator("th").inner_text().split()): " ".join(
                row.locator("td").first.inner_text().split()
            )
            for row in page.locator("table:has(#overview-caption) tbody tr").all()
        }
        for name in without:
            if rows.get(name) != "None submitted":
                problems.append(f"- {label} ({path}): {name}'s round is {rows.get(name)!r}")
        results = axe.run(page, options=AXE_OPTIONS)
        problems.extend(describe(results.response["violations"], label, path))

    sign_in(page, base, review_data.reviewer.username, PASSWORD)
    check("overview, 6 months", f"/review/{cohort.pk}/?round=6", ["Peterborough"])
    check(
        "overview, 6 months, sorted by overall",
        f"/review/{cohort.pk}/?round=6&sort=overall&order=desc",
        ["Peterborough"],
    )
    newcomer = register_council("E06000037")
    cohort.councils.add(newcomer)
    check("overview, a council with no submission", f"/review/{cohort.pk}/", ["West Berkshire"])
    response = page.goto(f"{base}/review/{cohort.pk}/councils/{newcomer.pk}/")
    if response is None or response.status != 200:
        problems.append(
            f"- council drill-down, no submission answered {response and response.status}"
        )
    else:
        results = axe.run(page, options=AXE_OPTIONS)
        problems.extend(
            describe(results.response["violations"], "council drill-down, no submission", page.url)
        )

    assert not problems, "the overview fails for councils without the round shown:\n" + "\n".join(
        problems
    )
