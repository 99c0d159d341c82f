"""The resources library's filters, with and without JavaScript."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from core.choices import ImplementationStage
from resources.choices import Audience
from resources.models import ResourcePage

pytestmark = pytest.mark.browser

AUDIENCE = Audience.LEADER
STAGE = ImplementationStage.INSTALLATION


def listed_titles(page) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(".app-resource h3").all_inner_texts()]


def results_heading(page) -> str:
    return " ".join(page.locator("#results-heading").inner_text().split())


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_filter_resources_by_audience_and_stage(new_context, site_content, javascript):
    everything = ResourcePage.objects.live().order_by("title")
    expected = everything.filter(audience=AUDIENCE, stage=STAGE)
    all_titles = [r.title for r in everything]
    expected_titles = [r.title for r in expected]
    # The data must make the filter meaningful: some, but not all, resources match.
    assert 0 < len(expected_titles) < len(all_titles) <= 20, (all_titles, expected_titles)

    page = new_context(java_script_enabled=javascript).new_page()
    page.set_default_timeout(10_000)
    page.goto(site_content + "/resources/")
    assert page.evaluate("document.body.classList.contains('js-enabled')") is javascript

    assert results_heading(page) == f"{len(all_titles)} resources"
    assert listed_titles(page) == all_titles
    expect(page.get_by_role("link", name="Clear filters")).to_have_count(0)

    audience = page.get_by_role("group", name="Audience").get_by_label(AUDIENCE.label, exact=True)
    stage = page.get_by_role("group", name="Implementation stage").get_by_label(
        STAGE.label, exact=True
    )
    audience.check()
    stage.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()

    query = parse_qs(urlsplit(page.url).query)
    assert urlsplit(page.url).path == "/resources/"
    assert query.get("audience") == [AUDIENCE.value], page.url
    assert query.get("stage") == [STAGE.value], page.url
    assert not {"element", "resource_type"} & set(query), page.url

    count = len(expected_titles)
    assert results_heading(page) == (
        f"{count} resource{'' if count == 1 else 's'} match your filters"
    )
    assert listed_titles(page) == expected_titles

    for item in page.locator(".app-resource").all():
        title = item.locator("h3").inner_text()
        tags = [" ".join(t.split()) for t in item.locator(".govuk-tag").all_inner_texts()]
        assert f"For {AUDIENCE.label.lower()}" in tags, (title, tags)
        assert STAGE.label in tags, (title, tags)

    # The form remembers what was ticked, and nothing else.
    expect(audience).to_be_checked()
    expect(stage).to_be_checked()
    expect(page.locator("input[type=checkbox]:checked")).to_have_count(2)

    with page.expect_navigation():
        page.get_by_role("link", name="Clear filters").click()
    assert urlsplit(page.url).path == "/resources/"
    assert urlsplit(page.url).query == ""
    assert results_heading(page) == f"{len(all_titles)} resources"
    assert listed_titles(page) == all_titles
    expect(page.locator("input[type=checkbox]:checked")).to_have_count(0)
    expect(page.get_by_role("link", name="Clear filters")).to_have_count(0)
