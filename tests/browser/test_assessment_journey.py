"""The fidelity self-assessment in a real browser: keyboard only, axe-clean, error summary focus.

The live server's database gets the real framework (content/fidelity/framework.yaml) and a
council with its lead (fixtures in tests/browser/conftest.py). The pages after submission are
reached through the services, as tests/fidelity does, to keep the axe scan quick.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from fidelity import selectors, services
from fidelity.choices import AssessmentStatus
from fidelity.models import Answer, Assessment
from fidelity.scoring import HIGH_FIDELITY, LOW_FIDELITY, MODERATE_FIDELITY
from tests.authorities.factories import PASSWORD
from tests.browser.helpers import (
    AXE_OPTIONS,
    assert_focus_is_visible,
    describe,
    focused_matches,
    h1_text,
    sign_in,
    tab_to_element,
)
from tests.fidelity.factories import CONTEXT, answer_everything

pytestmark = pytest.mark.browser

GOVUK_FOCUS_YELLOW = "rgb(255, 221, 0)"
SAVE_AND_CONTINUE = "main form button.govuk-button:not([name])"

# The context page's fields, in the order they appear on the page.
CONTEXT_NUMBERS = [
    "teams",
    "domestic_abuse_posts_funded",
    "domestic_abuse_posts_filled",
    "substance_misuse_posts_funded",
    "substance_misuse_posts_filled",
    "mental_health_posts_funded",
    "mental_health_posts_filled",
    "mi_trained_percent",
]


def checked_value(page, name: str) -> str | None:
    return page.evaluate(
        "(name) => document.querySelector(`input[name='${name}']:checked`)?.value ?? null", name
    )


def press_enter_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_lead_completes_and_submits_an_assessment_with_only_the_keyboard(
    page, site_content, fidelity_framework, council_lead
):
    base = site_content
    domains = list(fidelity_framework.domains.prefetch_related("indicators"))
    assert len(domains) == 8
    # Answered 2, with an evidence note typed in: the first question of the first two domains.
    fully_in_place = {d.indicators.all()[0].slug for d in domains[:2]}

    # Sign in.
    page.goto(base + "/accounts/login/?next=/assessments/")
    tab_to_element(page, "#id_username")
    page.keyboard.type(council_lead.username)
    page.keyboard.press("Tab")
    assert focused_matches(page, "#id_password")
    page.keyboard.type(PASSWORD)
    press_enter_and_wait(page)
    assert page.url == base + "/assessments/"
    assert h1_text(page) == "Fidelity self-assessments"

    # The list: "Start a new assessment" is a link styled as a button.
    tab_to_element(page, "main a[href='/assessments/start/']")
    press_enter_and_wait(page)
    assert h1_text(page) == "Start an assessment"

    # One council, so no council radios. Tabbing into a radio group with nothing checked
    # focuses its first radio without choosing it; Space chooses it.
    assert page.locator("input[type='radio'][name='authority']").count() == 0
    tab_to_element(page, "input[name='round']")
    assert focused_matches(page, "input[name='round'][value='0']"), "Baseline is not first"
    assert checked_value(page, "round") is None
    page.keyboard.press("Space")
    assert checked_value(page, "round") == "0"
    tab_to_element(page, "input[name='prefill']")
    page.keyboard.press("ArrowDown")  # from "Yes, copy its answers" to "No"
    assert checked_value(page, "prefill") == "no"
    assert checked_value(page, "round") == "0"
    tab_to_element(page, "main form button[type='submit']")
    press_enter_and_wait(page)

    assessment = Assessment.objects.get(authority__name="West Berkshire")
    assert page.url == f"{base}/assessments/{assessment.pk}/"
    assert "You have completed 0 of 9 sections." in page.locator("main").inner_text()

    # Task list: section 1.
    tab_to_element(page, "a.govuk-task-list__link[href$='/sections/context/']")
    press_enter_and_wait(page)
    assert page.url == f"{base}/assessments/{assessment.pk}/sections/context/"
    assert h1_text(page) == "Context: teams, posts and training"

    for name in CONTEXT_NUMBERS:
        tab_to_element(page, f"#id_context-{name}")
        page.keyboard.type(str(CONTEXT[name]))
    tab_to_element(page, "input[name='context-workbook_live']")
    assert focused_matches(page, "[value='yes']")
    page.keyboard.press("Space")
    assert checked_value(page, "context-workbook_live") == "yes"
    live_on = CONTEXT["workbook_live_on"]
    for part, value in (("day", live_on.day), ("month", live_on.month), ("year", live_on.year)):
        tab_to_element(page, f"input[name='context-workbook_live_on-{part}']")
        page.keyboard.type(str(value))
    tab_to_element(page, SAVE_AND_CONTINUE)
    assert page.evaluate("document.activeElement.textContent.trim()") == "Save and continue"
    press_enter_and_wait(page)

    # The eight domains.
    for number, domain in enumerate(domains, start=2):
        assert page.url == f"{base}/assessments/{assessment.pk}/sections/{domain.slug}/", (
            f"after section {number - 1}: {page.url}, errors: "
            f"{page.locator('.govuk-error-summary').all_inner_texts()}"
        )
        assert h1_text(page) == domain.title
        assert f"Section {number} of 9" in page.locator("main .govuk-caption-l").inner_text()
        for indicator in domain.indicators.all():
            name = f"{domain.slug}-{indicator.slug}-level"
            tab_to_element(page, f"input[name='{name}']")
            assert focused_matches(page, "[value='0']"), f"{name}: focus not on the 0 radio"
            page.keyboard.press("ArrowDown")  # moves to 1 and chooses it
            if indicator.slug in fully_in_place:
                page.keyboard.press("ArrowDown")
                assert checked_value(page, name) == "2"
                tab_to_element(page, f"textarea#id_{domain.slug}-{indicator.slug}-note")
                page.keyboard.type(f"Board minutes show {indicator.title.lower()}.")
                # Back into the radio group: focus returns to the chosen radio.
                page.keyboard.press("Shift+Tab")
                assert focused_matches(page, f"input[name='{name}'][value='2']")
            else:
                assert checked_value(page, name) == "1"
        if number == 2:
            # The first domain: "Save and come back later", then resume from the task list.
            tab_to_element(page, "main form button[name='save_for_later']")
            assert page.evaluate("document.activeElement.textContent.trim()") == (
                "Save and come back later"
            )
            press_enter_and_wait(page)
            assert page.url == f"{base}/assessments/{assessment.pk}/"
            banner = page.locator(".govuk-notification-banner--success")
            assert f"Your answers to ‘{domain.title}’ have been saved." in banner.inner_text()
            assert "You have completed 2 of 9 sections." in page.locator("main").inner_text()
            tab_to_element(page, f"main a[href$='/sections/{domains[1].slug}/']")
            assert page.evaluate("document.activeElement.textContent.trim()") == (
                f"Continue where you left off: {domains[1].title}"
            )
        else:
            tab_to_element(page, SAVE_AND_CONTINUE)
        press_enter_and_wait(page)

    # Check your answers, declare, submit.
    assert page.url == f"{base}/assessments/{assessment.pk}/check/", (
        f"{page.url}, errors: {page.locator('.govuk-error-summary').all_inner_texts()}"
    )
    assert h1_text(page) == "Check your answers before submitting"
    assert page.locator("main").get_by_text("Board minutes show", exact=False).count() == 2
    tab_to_element(page, "#id_declaration")
    page.keyboard.press("Space")
    assert page.locator("#id_declaration").is_checked()
    tab_to_element(page, "main form button[type='submit']")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Submit assessment"
    press_enter_and_wait(page)

    assert page.url == f"{base}/assessments/{assessment.pk}/submitted/"
    assert h1_text(page) == "Assessment submitted"
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    answers = Answer.objects.filter(assessment=assessment)
    assert answers.count() == sum(d.indicators.count() for d in domains)
    assert {a.indicator.slug for a in answers if a.level == "2"} == fully_in_place
    assert all(a.evidence_note for a in answers if a.level == "2")

    tab_to_element(page, "main a[href$='/results/']")
    assert page.evaluate("document.activeElement.textContent.trim()") == "See your results"
    press_enter_and_wait(page)

    # Results: overall score, band, the action plan.
    assert page.url == f"{base}/assessments/{assessment.pk}/results/"
    assert h1_text(page) == "Fidelity results"
    figures = page.locator(".app-key-figure__number").all_inner_texts()
    results = selectors.assessment_results(assessment)
    assert re.fullmatch(r"\d+\.\d", figures[0]), figures
    assert figures[0] == str(results.overall)
    assert figures[1] in {HIGH_FIDELITY, MODERATE_FIDELITY, LOW_FIDELITY}, figures
    assert figures[1] == results.band
    assert page.locator("h2#action-plan").inner_text() == "Action plan"
    update_links = page.locator("#action-plan ~ .app-table-scroll table a[href*='/actions/']")
    # Every action once; the ten most urgent are also listed first when there are more.
    hrefs = {update_links.nth(i).get_attribute("href") for i in range(update_links.count())}
    assert len(hrefs) == len(results.actions) > 0
    assert page.locator("img[src$='/results/radar.svg']").count() == 1

    # GOV.UK's focus style on links: a yellow background.
    tab_to_element(page, "main a.govuk-link")
    background = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert background == GOVUK_FOCUS_YELLOW, f"focused link background is {background}"
    assert_focus_is_visible(page)


def test_assessment_pages_have_no_axe_violations(
    page, site_content, fidelity_framework, council_lead, council
):
    base = site_content
    axe = Axe()
    report = []

    def scan(label: str, path: str, marker: str) -> None:
        """Scan the page on screen, checking first it is the state meant to be scanned."""
        assert page.url.split("#")[0] == base + path, f"{label}: on {page.url}, not {path}"
        assert page.locator("h1").count() == 1, f"{label}: {path} should have one <h1>"
        assert page.locator(marker).count() > 0, f"{label}: {path} has nothing matching {marker!r}"
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.response["passes"], f"{label}: axe ran no rules on {path}"
        report.extend(describe(results.response["violations"], label, path))

    def visit(label: str, path: str, marker: str) -> None:
        response = page.goto(base + path)
        assert response is not None and response.status == 200, (
            f"{label}: {path} answered {response and response.status}"
        )
        scan(label, path, marker)

    assessment = services.start_assessment(user=council_lead, authority=council, round=0)
    pk = assessment.pk
    sign_in(page, base, council_lead.username, PASSWORD, next_path="/assessments/")

    visit("assessment list", "/assessments/", f"main table a[href$='/{pk}/']")
    visit("start page", "/assessments/start/", "input[name='round']")
    visit("task list", f"/assessments/{pk}/", ".govuk-task-list")
    for key in selectors.section_keys(assessment.framework):
        visit(
            f"section {key}",
            f"/assessments/{pk}/sections/{key}/",
            "main form textarea, #id_context-teams",
        )

    # Errors: "Save and continue" with nothing filled in (and, on a domain, a 2 with no
    # evidence note, for the textarea's error state).
    first_domain = selectors.section_keys(assessment.framework)[1]
    for key in ("context", first_domain):
        path = f"/assessments/{pk}/sections/{key}/"
        page.goto(base + path)
        if key == first_domain:
            page.locator("main form input[type='radio'][value='2']").first.check()
        with page.expect_navigation():
            page.locator(SAVE_AND_CONTINUE).click()
        marker = ".govuk-error-summary" if key == "context" else ".govuk-textarea--error"
        scan(f"section {key} with errors", path, marker)

    answer_everything(assessment, council_lead, level="1", overrides={"teams-co-located": "2"})
    visit("task list, completed", f"/assessments/{pk}/", "a:text-is('Check your answers')")
    visit("check answers", f"/assessments/{pk}/check/", "#id_declaration")

    services.submit_assessment(assessment=assessment, user=council_lead, declaration=True)
    results = selectors.assessment_results(assessment)
    assert results.actions, "no action plan to scan"
    visit("confirmation", f"/assessments/{pk}/submitted/", ".govuk-panel--confirmation")
    visit("results", f"/assessments/{pk}/results/", "#action-plan")
    visit("print report", f"/assessments/{pk}/results/print/", "#action-plan")
    action_path = f"/assessments/{pk}/actions/{results.actions[0].indicator.slug}/"
    visit("action update", action_path, "input[name='status']")
    visit("history", f"/assessments/{pk}/history/", "main table")

    assert not report, "axe found accessibility violations:\n" + "\n".join(report)


def test_error_summary_takes_focus_and_its_links_move_focus_to_the_fields(
    page, site_content, fidelity_framework, council_lead, council
):
    assessment = services.start_assessment(user=council_lead, authority=council, round=0)
    sign_in(page, site_content, council_lead.username, PASSWORD)

    domain = assessment.framework.domains.first()
    first_indicator = domain.indicators.first()
    cases = [
        ("context", "id_context-teams"),
        # Radios: the summary links to the first radio of the group.
        (domain.slug, f"id_{domain.slug}-{first_indicator.slug}-level_0"),
    ]
    for step, first_field_id in cases:
        page.goto(f"{site_content}/assessments/{assessment.pk}/sections/{step}/")
        tab_to_element(page, SAVE_AND_CONTINUE)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_load_state("load")

        summary = page.locator(".govuk-error-summary")
        assert summary.is_visible(), f"{step}: no error summary"
        # GOV.UK Frontend's ErrorSummary focuses itself once initialised.
        page.wait_for_function(
            "document.activeElement?.classList.contains('govuk-error-summary')", timeout=5_000
        )
        assert page.title().startswith("Error: "), page.title()

        first_link = summary.locator("a").first
        assert first_link.get_attribute("href") == f"#{first_field_id}"
        page.keyboard.press("Tab")
        assert focused_matches(page, ".govuk-error-summary__list li:first-child a"), (
            f"{step}: Tab from the summary did not reach its first link"
        )
        page.keyboard.press("Enter")
        page.wait_for_function(
            "(id) => document.activeElement?.id === id", arg=first_field_id, timeout=5_000
        )
        # The field's label, or its group's legend, is scrolled into view with it.
        in_view = page.evaluate(
            """(id) => {
              const field = document.getElementById(id);
              const title = field.type === "radio"
                ? field.closest("fieldset").querySelector("legend")
                : document.querySelector(`label[for="${id}"]`);
              const r = title.getBoundingClientRect();
              return r.top >= 0 && r.bottom <= innerHeight;
            }""",
            first_field_id,
        )
        assert in_view, f"{step}: the label or legend of {first_field_id} is not in view"


@pytest.mark.parametrize("section", ["context", "first domain"])
def test_error_summary_lists_errors_in_the_order_of_the_page(
    page, site_content, fidelity_framework, council_lead, council, section
):
    """GOV.UK: the error summary lists the errors in the order the fields appear."""
    assessment = services.start_assessment(user=council_lead, authority=council, round=0)
    sign_in(page, site_content, council_lead.username, PASSWORD)
    step = "context" if section == "context" else assessment.framework.domains.first().slug
    page.goto(f"{site_content}/assessments/{assessment.pk}/sections/{step}/")
    with page.expect_navigation():
        page.locator(SAVE_AND_CONTINUE).click()

    targets = page.locator(".govuk-error-summary a").evaluate_all(
        "(links) => links.map((a) => a.getAttribute('href').slice(1))"
    )
    assert len(targets) > 1, targets
    in_page_order = page.evaluate(
        """(ids) => ids.map((id) => document.getElementById(id)).sort((a, b) =>
             a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1
           ).map((el) => el.id)""",
        targets,
    )
    assert targets == in_page_order, (
        f"the error summary on {step} is not in page order:\n  summary: {targets}\n"
        f"  page:    {in_page_order}"
    )
