"""Pages that list other pages run a fixed number of queries, however many pages there are."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from core.navigation import breadcrumb_trail
from tests.core.factories import StandardPageFactory
from tests.practice.factories import (
    ElementPageFactory,
    ModelOverviewPageFactory,
    RoleIndexPageFactory,
    RolePageFactory,
    StoryIndexPageFactory,
    StoryPageFactory,
)
from tests.resources.factories import ResourceIndexPageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def sections(empty_site):
    overview = ModelOverviewPageFactory(parent=empty_site, show_in_menus=True)
    element = ElementPageFactory(parent=overview, slug="mi", number=2)
    return {
        "home": empty_site,
        "element": element,
        "roles": RoleIndexPageFactory(parent=empty_site, show_in_menus=True),
        "stories": StoryIndexPageFactory(parent=empty_site, show_in_menus=True),
        "resources": ResourceIndexPageFactory(parent=empty_site, show_in_menus=True),
    }


def add_pages(sections, n):
    element = sections["element"]
    for _ in range(n):
        RolePageFactory(parent=sections["roles"], elements=[element])
        StoryPageFactory(parent=sections["stories"], elements=[element])
        ResourcePageFactory(parent=sections["resources"], elements=[element])
        page = StandardPageFactory(parent=sections["home"], show_in_menus=True)
        sections["home"].featured_pages.create(page=page)


# The home page, an element, and the section pages listing roles, stories and the elements.
LISTING_URLS = ["/", "/the-model/mi/", "/roles/", "/stories/", "/the-model/"]


def test_queries_do_not_grow_with_pages(client, sections):
    # One set of pages for every URL: building 200 pages is most of this test's time.
    add_pages(sections, 5)
    for url in LISTING_URLS:
        count_queries(client, url)  # fill the caches this page reads
    with_five = {url: count_queries(client, url) for url in LISTING_URLS}
    add_pages(sections, 45)
    for url in LISTING_URLS:
        count_queries(client, url)  # refill the navigation cache the new pages cleared
    with_fifty = {url: count_queries(client, url) for url in LISTING_URLS}

    assert with_five == with_fifty, f"queries with 5 pages: {with_five}; with 50: {with_fifty}"
    assert max(with_fifty.values()) <= 18, with_fifty


def test_navigation_follows_publishing(client, sections, django_capture_on_commit_callbacks):
    link = 'class="govuk-service-navigation__link" href="/stories/"'
    assert link in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sections["stories"].unpublish()
    assert link not in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sections["stories"].save_revision().publish()
    assert link in client.get("/").content.decode()


def test_navigation_drops_a_section_made_private(
    client, sections, django_capture_on_commit_callbacks
):
    link = 'class="govuk-service-navigation__link" href="/stories/"'
    assert link in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=sections["stories"], restriction_type=PageViewRestriction.LOGIN
        )
    assert link not in client.get("/").content.decode()


def test_breadcrumbs_are_read_once_until_the_tree_changes(
    rf, sections, django_assert_num_queries, django_capture_on_commit_callbacks
):
    element = sections["element"]
    overview = element.get_parent().specific
    request = rf.get("/the-model/mi/")
    assert [c["title"] for c in breadcrumb_trail(element, request)] == ["Home", overview.title]

    with django_assert_num_queries(0):
        breadcrumb_trail(element, request)

    overview.title = "The practice model"
    with django_capture_on_commit_callbacks(execute=True):
        overview.save_revision().publish()
    assert breadcrumb_trail(element, request)[-1] == {
        "title": "The practice model",
        "url": "/the-model/",
    }
