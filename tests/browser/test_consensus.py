"""Team consensus in a real browser, keyboard only and axe-clean: a lead starts a round rated
independently, a member rates on their own, the lead opens the consensus step, records the
agreed answers (a disagreement without a note is refused first), checks and submits.

Ratings and agreed answers of the sections not walked through by keyboard are made through the
services, as tests/fidelity does, to keep the test quick; every page met is scanned by axe."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from authorities.choices import MembershipRole
from fidelity import consensus_services, context, services
from fidelity.choices import AssessmentMode, AssessmentStatus
from fidelity.models import Answer, Assessment, IndependentRating
from tests.authorities.factories import PASSWORD, MembershipFactory, UserFactory
from tests.browser.helpers import (
    AXE_OPTIONS,
    describe,
    h1_text,
    sign_in,
    sign_out,
    tab_to_element,
)
from tests.fidelity.factories import CONTEXT

pytestmark = pytest.mark.browser

SAVE_AND_CONTINUE = "main form button.govuk-button:not([name])"


def checked_value(page, name: str) -> str | None:
    return page.evaluate(
        "(name) => document.querySelector(`input[name='${name}']:checked`)?.value ?? null", name
    )


def press_enter_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_members_rate_on_their_own_then_the_lead_agrees_and_submits(
    page, site_content, fidelity_framework, council, council_lead
):
    base = site_content
    axe = Axe()
    report: list[str] = []

    def scan(label: str, marker: str) -> None:
        assert page.locator("h1").count() == 1, f"{label}: one <h1>"
        assert page.locator(marker).count() > 0, f"{label}: nothing matches {marker!r}"
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.response["passes"], f"{label}: axe ran no rules"
        report.extend(describe(results.response["violations"], label, page.url))

    contributor = UserFactory(username="wb-contributor", first_name="Cora")
    MembershipFactory(user=contributor, authority=council, role=MembershipRole.CONTRIBUTOR)
    practitioner = UserFactory(username="wb-practitioner", first_name="Pat")
    MembershipFactory(user=practitioner, authority=council, role=MembershipRole.CONTRIBUTOR)
    domains = list(fidelity_framework.domains.prefetch_related("indicators"))
    first_domain = domains[0]
    first_indicators = list(first_domain.indicators.all())

    # The lead starts the round, choosing that each member rates on their own.
    sign_in(page, base, council_lead.username, PASSWORD, next_path="/assessments/start/")
    assert h1_text(page) == "Start an assessment"
    tab_to_element(page, "input[name='round']")
    page.keyboard.press("Space")
    tab_to_element(page, "input[name='mode']")
    assert checked_value(page, "mode") == "shared"  # today's way is the default
    page.keyboard.press("ArrowDown")
    assert checked_value(page, "mode") == "independent"
    tab_to_element(page, "input[name='prefill']")
    page.keyboard.press("ArrowDown")
    assert checked_value(page, "prefill") == "no"
    scan("start page", "input[name='mode']")
    tab_to_element(page, "main form button[type='submit']")
    press_enter_and_wait(page)
    assessment = Assessment.objects.get(authority=council)
    assert assessment.mode == AssessmentMode.INDEPENDENT
    assert page.url == f"{base}/assessments/{assessment.pk}/"
    scan("task list, nobody rated", "table caption:text-is('Who has finished rating')")
    sign_out(page)

    # A member rates the first domain on their own, by keyboard: a 2 on its first question.
    sign_in(page, base, contributor.username, PASSWORD, next_path=f"/assessments/{assessment.pk}/")
    tab_to_element(page, f"a.govuk-task-list__link[href$='/rate/{first_domain.slug}/']")
    press_enter_and_wait(page)
    assert h1_text(page) == first_domain.title
    # Nothing chosen: "Save and continue" shows the error summary.
    tab_to_element(page, SAVE_AND_CONTINUE)
    press_enter_and_wait(page)
    assert page.locator(".govuk-error-summary").is_visible()
    scan("rate on your own, with errors", ".govuk-error-summary")
    for number, indicator in enumerate(first_indicators):
        name = f"{indicator.slug}-level"
        tab_to_element(page, f"input[name='{name}']")
        page.keyboard.press("ArrowDown")  # 0 -> 1, chosen
        if number == 0:
            page.keyboard.press("ArrowDown")
            assert checked_value(page, name) == "2"
            tab_to_element(page, f"textarea#id_{indicator.slug}-note")
            page.keyboard.type("Teams sit together every day.")
        else:
            assert checked_value(page, name) == "1"
    scan("rate on your own", "main form input[type='radio']")
    tab_to_element(page, "main form button[name='save_for_later']")
    press_enter_and_wait(page)
    assert page.url == f"{base}/assessments/{assessment.pk}/"
    assert IndependentRating.objects.filter(rater=contributor).count() == len(first_indicators)
    sign_out(page)

    # The rest of the members' ratings, through the services: the contributor finishes at 1,
    # the lead rates 1 throughout, the practitioner 1 but a 0 on the first question (a 0 and
    # a 2: disagreement).
    def rate(user, overrides, domains_to_rate):
        for domain in domains_to_rate:
            consensus_services.save_own_ratings(
                assessment=assessment,
                user=user,
                domain_slug=domain.slug,
                values={i.slug: (overrides.get(i.slug, "1"), "") for i in domain.indicators.all()},
            )

    rate(contributor, {}, domains[1:])
    rate(council_lead, {}, domains)
    rate(practitioner, {first_indicators[0].slug: "0"}, domains)

    # The lead sees who has finished and opens the consensus step.
    sign_in(page, base, council_lead.username, PASSWORD, next_path=f"/assessments/{assessment.pk}/")
    finished = page.locator("main table .govuk-tag--green").count()
    assert finished == 3, page.locator("main table").inner_text()
    scan("task list, everyone finished", "main form button")
    tab_to_element(page, "main form[action$='/consensus/open/'] button")
    press_enter_and_wait(page)
    assert "The consensus step is open" in page.locator(".govuk-notification-banner").inner_text()
    scan("task list, consensus open", f"a[href$='/consensus/{first_domain.slug}/']")

    # The consensus step for the first domain: the spread, then the agreed answers.
    tab_to_element(page, f"a.govuk-task-list__link[href$='/consensus/{first_domain.slug}/']")
    press_enter_and_wait(page)
    assert h1_text(page) == first_domain.title
    assert "Disagreement" in page.locator(f"#indicator-{first_indicators[0].slug}").inner_text()
    scan("consensus step", ".govuk-tag--red")
    first = f"{first_indicators[0].slug}-level"
    assert checked_value(page, first) is None  # no level everyone gave
    assert checked_value(page, f"{first_indicators[1].slug}-level") == "1"  # everyone said 1
    tab_to_element(page, f"input[name='{first}']")
    page.keyboard.press("ArrowDown")
    assert checked_value(page, first) == "1"
    tab_to_element(page, "main form button[type='submit']")
    press_enter_and_wait(page)
    # Members disagreed and there is no note: refused, nothing lost.
    summary = page.locator(".govuk-error-summary")
    assert "members disagreed" in summary.inner_text()
    assert checked_value(page, first) == "1"
    assert not Answer.objects.exists()
    scan("consensus step, with errors", ".govuk-textarea--error")
    tab_to_element(page, f"textarea#id_{first_indicators[0].slug}-note")
    page.keyboard.type("Agreed at the team meeting: co-located but not every day.")
    tab_to_element(page, "main form button[type='submit']")
    press_enter_and_wait(page)
    assert page.url == f"{base}/assessments/{assessment.pk}/"
    assert Answer.objects.filter(assessment=assessment).count() == len(first_indicators)

    # The context and the other domains' agreed answers, through the services.
    services.save_section(
        assessment=assessment, key=context.KEY, values=CONTEXT, base_revision=0, user=council_lead
    )
    for domain in domains[1:]:
        consensus_services.record_consensus(
            assessment=assessment,
            user=council_lead,
            domain_slug=domain.slug,
            values={i.slug: ("1", "") for i in domain.indicators.all()},
            base_revision=0,
        )

    # Check answers and submit.
    page.goto(f"{base}/assessments/{assessment.pk}/")
    tab_to_element(page, "main a[href$='/check/']")
    press_enter_and_wait(page)
    assert h1_text(page) == "Check your answers before submitting"
    assert "Agreed at the team meeting" in page.locator("main").inner_text()
    tab_to_element(page, "#id_declaration")
    page.keyboard.press("Space")
    tab_to_element(page, "main form button[type='submit']")
    press_enter_and_wait(page)
    assert page.url == f"{base}/assessments/{assessment.pk}/submitted/"
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED

    # Results show the team's agreement.
    tab_to_element(page, "main a[href$='/results/']")
    press_enter_and_wait(page)
    assert page.locator("h2#agreement").inner_text() == "Team agreement"
    assert "49 of 50" in page.locator("main").inner_text()
    scan("results with agreement", "h2#agreement")

    assert not report, "axe found accessibility violations:\n" + "\n".join(report)
