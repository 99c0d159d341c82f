"""Site search never shows drafts or pages behind a privacy restriction."""

from wagtail.models import PageViewRestriction

import pytest

from tests.core.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def search(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_finds_published_pages(client, empty_site):
    StandardPageFactory(parent=empty_site, title="Group supervision toolkit", slug="toolkit")
    assert 'href="/toolkit/"' in search(client, "supervision")


def test_excludes_drafts(client, empty_site):
    page = StandardPageFactory(parent=empty_site, title="Secret supervision plan", slug="draft")
    page.unpublish()
    html = search(client, "supervision")
    assert "Secret supervision plan" not in html
    assert "No results for" in html


def test_excludes_private_pages_and_their_children(client, empty_site):
    private = StandardPageFactory(
        parent=empty_site, title="Private supervision notes", slug="private"
    )
    child = StandardPageFactory(parent=private, title="Supervision minutes", slug="minutes")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    public = StandardPageFactory(parent=empty_site, title="Public supervision guide", slug="public")

    html = search(client, "supervision")

    assert public.title in html
    assert private.title not in html
    assert child.title not in html


def test_empty_query_shows_the_form_only(client, empty_site):
    html = search(client, "")
    assert 'name="q"' in html
    assert "result" not in html.split('id="search-query"')[1]


def test_long_query_is_cut_not_an_error(client, empty_site):
    assert "No results for" in search(client, "x" * 5000)


def test_sitemap_lists_public_pages_only(client, empty_site):
    StandardPageFactory(parent=empty_site, title="Public", slug="public-page")
    draft = StandardPageFactory(parent=empty_site, title="Draft", slug="draft-page")
    draft.unpublish()
    private = StandardPageFactory(parent=empty_site, title="Private", slug="private-page")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    xml = client.get("/sitemap.xml").content.decode()

    assert "/public-page/" in xml
    assert "/draft-page/" not in xml
    assert "/private-page/" not in xml


def test_search_is_marked_current_in_the_navigation(client, empty_site):
    html = client.get("/search/").content.decode()
    assert 'href="/search/" aria-current="page"' in html


# Whatever is typed, the page answers: results or "No results", never a server error. -----------

ODD_QUERIES = [
    '"',
    '"supervision',
    "supervision\"'",
    "\x00",
    "super\x00vision",
    "(",
    ")",
    "[",
    "{",
    "AND",
    "OR",
    "NOT",
    "supervision OR",
    "AND supervision",
    "*",
    "supervision*",
    "-",
    "-supervision",
    "'",
    "\\",
    "supervision\\",
    "^",
    ":",
    "title:supervision",
    "NEAR(supervision toolkit)",
    "😀",
    "supervision 😀",
    "إشراف جماعي",  # Arabic, right to left
    "\u202esupervision",
    "x" * 3000,
    "   ",
    "%",
    "_",
    "%_%",
    "'; DROP TABLE wagtailcore_page; --",
    "' OR '1'='1",
    '" OR ""="',
    "1=1",
    "&&||!",
    "\t\n\r",
]


# Nothing visible in them: the page shows the search form alone.
BLANK = {"   ", "\t\n\r", "\x00"}


@pytest.fixture
def toolkit(home_page):
    """A page of its own beside the loaded content (emptying the site would take far longer)."""
    return StandardPageFactory(parent=home_page, title="Grouptest toolkit", slug="grouptest")


@pytest.mark.parametrize("query", ODD_QUERIES, ids=[f"query-{i}" for i in range(len(ODD_QUERIES))])
def test_any_query_gives_results_or_no_results(client, toolkit, query):
    html = search(client, query)
    assert ('id="results-heading"' in html) is (query not in BLANK)


@pytest.mark.parametrize("query", ['"grouptest', "grouptest)", "(grouptest*", "group\x00test"])
def test_the_words_of_a_query_with_punctuation_are_still_found(client, toolkit, query):
    assert 'href="/grouptest/"' in search(client, query)


def test_a_query_is_shown_without_control_or_bidirectional_characters(client, home_page):
    html = search(client, "super\x00vision\u202e plan")
    assert "‘supervision plan’" in html
    assert "\x00" not in html and "\u202e" not in html
