"""Every page type renders its key content from the real content/ folder."""

import re

from django.conf import settings

import pytest

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_home_page(client, loaded_content):
    html = get(client, "/")
    assert '<h1 class="govuk-heading-xl">Family Safeguarding adoption kit</h1>' in html
    for route in (
        "/the-model/multi-disciplinary-teams/",
        "/the-model/motivational-interviewing/",
        "/the-model/the-workbook/",
        "/the-model/outcomes-framework/",
        "/roles/",
        "/stories/",
        "/resources/",
        "/impact/",
    ):
        assert f'href="{route}"' in html, route
    assert "app-key-figure__number" in html


def test_layout_has_govuk_furniture_without_the_crown(client, loaded_content):
    html = get(client, "/roles/")
    assert 'class="govuk-skip-link"' in html and 'href="#main-content"' in html
    assert 'id="main-content"' in html
    assert "govuk-generic-header" in html
    assert "govuk-header__logotype" not in html  # no crown
    assert "govuk-service-navigation" in html
    assert "govuk-phase-banner" in html
    assert 'aria-current="page"' in html  # the current section is marked in the navigation
    assert 'class="govuk-breadcrumbs__link" href="/">Home</a>' in html


def test_model_overview_lists_the_four_elements_in_order(client, loaded_content):
    html = get(client, "/the-model/")
    positions = [
        html.index(title)
        for title in (
            "1. Multi-disciplinary teams",
            "2. Motivational interviewing",
            "3. The Workbook",
            "4. Outcomes framework",
        )
    ]
    assert positions == sorted(positions)
    assert "Group case supervision" in html


def test_element_page_has_its_sections_and_related_pages(client, loaded_content):
    html = get(client, "/the-model/motivational-interviewing/")
    for heading in (
        "What it is",
        "Why it matters",
        "What good looks like",
        "What changes for a council that adopts it",
    ):
        assert f">{heading}</h2>" in html
    assert "Element 2 of 4" in html
    assert 'href="/roles/childrens-social-worker/"' in html
    assert 'href="/stories/' in html
    assert 'href="/resources/mi-training-plan/"' in html


def test_role_index_groups_roles_by_discipline(client, loaded_content):
    html = get(client, "/roles/")
    assert ">Adult specialist</h2>" in html
    assert html.count('class="app-card"') >= 9


def test_role_page(client, loaded_content):
    html = get(client, "/roles/domestic-abuse-officer/")
    assert "Employed by" in html
    for heading in ("What they do", "Who they work with", "How they work with the team"):
        assert f">{heading}</h2>" in html


def test_story_pages(client, loaded_content):
    index = get(client, "/stories/")
    for slug in ("johns-story", "marys-story", "fathers-domestic-abuse-group"):
        assert f'href="/stories/{slug}/"' in index
        html = get(client, f"/stories/{slug}/")
        assert "Where this story comes from:</strong> West Berkshire Council published" in html


def test_impact_page_gives_each_figure_a_source_and_its_date_or_says_none(client, loaded_content):
    html = get(client, "/impact/")
    figures = html.count('class="app-key-figure"')
    assert figures >= 6
    assert html.count('class="app-key-figure__source"') == figures
    for figure in ("280", "940", "44%"):
        assert f'class="app-key-figure__number">{figure}</p>' in html
    assert "Department for Education Innovation Programme" in html
    sources = re.findall(r'app-key-figure__source">Source:(.*?)</p>', html, re.S)
    assert len(sources) == figures
    # A year only where the published source gives one (and then it is linked); else it says so.
    endings = [" ".join(source.split()).rsplit(", ", 1)[1] for source in sources]
    assert set(endings) == {"2015", "2016", "2020", "date not given"}
    for source in sources:
        if not source.strip().endswith("date not given"):
            assert 'href="https://www.communitycare.co.uk/20' in source


def test_resource_page_shows_tags_and_download(client, loaded_content):
    html = get(client, "/resources/group-supervision-record/")
    assert "Implementation stage" in html
    assert "/documents/" in html and "(CSV," in html


def test_standard_pages(client, loaded_content):
    assert "Accessibility statement" in get(client, "/accessibility/")
    assert "<h1" in get(client, "/about/")


def test_document_downloads(client, loaded_content):
    html = get(client, "/resources/group-supervision-record/")
    start = html.index('href="/documents/') + len('href="')
    url = html[start : html.index('"', start)]
    response = client.get(url)
    assert response.status_code == 200
    expected = (settings.CONTENT_DIR / "documents" / "group-supervision-record.csv").read_bytes()
    assert b"".join(response.streaming_content) == expected
