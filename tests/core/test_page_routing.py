"""What a public page costs to render without the page cache: routing in one lookup, the site and
the home page's routes kept under the public content's generation, and the site's view
restrictions read once per request; and that each still follows every change at once."""

import inspect

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from core.models import HomePage
from resources.choices import Audience
from tests.core.factories import StandardPageFactory
from tests.practice.factories import ElementPageFactory, ModelOverviewPageFactory, RolePageFactory
from tests.resources.factories import ResourceIndexPageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db


def queries_for(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return [query["sql"] for query in queries]


def test_no_page_model_routes_sub_paths_of_its_own():
    """HomePage.route finds a page by its whole URL path, which is only what Wagtail's walk down
    the tree finds while no page below the home page routes paths itself."""
    overriding = [
        model.__name__
        for model in apps.get_models()
        if issubclass(model, Page)
        and model is not HomePage
        and inspect.getattr_static(model, "route") is not Page.route
    ]
    assert overriding == []


def test_a_deep_page_is_found_in_two_queries_whatever_its_depth(client, empty_site):
    overview = ModelOverviewPageFactory(parent=empty_site, slug="the-model")
    element = ElementPageFactory(parent=overview, slug="mi", number=2, title="Motivational")
    client.get("/the-model/mi/")  # the site and navigation cached
    page_queries = [
        sql for sql in queries_for(client, "/the-model/mi/") if "wagtailcore_page" in sql
    ]
    # One to find the page (id and type), one to read it; then Wagtail's view restriction check
    # reads the ancestors and the restrictions. Wagtail's walk takes two queries a level.
    assert len([sql for sql in page_queries if '"url_path" =' in sql]) == 1
    assert not [sql for sql in page_queries if '"slug" =' in sql]
    assert "Motivational" in client.get("/the-model/mi/").content.decode()
    assert element.url_path.endswith("/the-model/mi/")


def test_routing_answers_as_wagtail_does(client, empty_site):
    overview = ModelOverviewPageFactory(parent=empty_site, slug="the-model")
    element = ElementPageFactory(parent=overview, slug="mi", number=2)
    assert client.get("/the-model/mi/").status_code == 200
    assert client.get("/the-model/nothing-here/").status_code == 404
    assert client.get("/nothing-here/mi/").status_code == 404
    # A draft page is not served; a live page under a draft one is, as Wagtail serves it.
    element.unpublish()
    assert client.get("/the-model/mi/").status_code == 404
    element.save_revision().publish()
    overview.unpublish()
    assert client.get("/the-model/").status_code == 404
    assert client.get("/the-model/mi/").status_code == 200


def test_a_renamed_page_is_found_at_its_new_address_at_once(client, empty_site):
    overview = ModelOverviewPageFactory(parent=empty_site, slug="the-model")
    ElementPageFactory(parent=overview, slug="mi", number=2)
    assert client.get("/the-model/mi/").status_code == 200
    overview.slug = "practice-model"
    overview.save_revision().publish()
    assert client.get("/the-model/mi/").status_code == 404
    assert client.get("/practice-model/mi/").status_code == 200


def test_a_restricted_page_still_asks_for_sign_in(client, empty_site):
    overview = ModelOverviewPageFactory(parent=empty_site, slug="the-model")
    ElementPageFactory(parent=overview, slug="mi", number=2)
    client.get("/the-model/mi/")
    PageViewRestriction.objects.create(page=overview, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/the-model/mi/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_site_is_read_once_until_a_site_or_page_changes(client, empty_site):
    client.get("/")
    assert not [sql for sql in queries_for(client, "/") if "wagtailcore_site" in sql]

    site = Site.objects.get()
    other = StandardPageFactory(parent=empty_site, slug="other", title="Other home")
    site.root_page = other
    site.save()
    assert "Other home" in client.get("/").content.decode()


def test_the_home_page_serves_its_latest_published_version(client, empty_site):
    client.get("/")
    empty_site.summary = "A fresher welcome."
    empty_site.save_revision().publish()
    assert "A fresher welcome." in client.get("/").content.decode()


@pytest.fixture
def featured(empty_site):
    pages = [
        StandardPageFactory(parent=empty_site, title="Getting started"),
        ModelOverviewPageFactory(parent=empty_site, title="The model"),
    ]
    overview = pages[1]
    pages.append(ElementPageFactory(parent=overview, title="Motivational interviewing", number=2))
    pages.append(RolePageFactory(parent=empty_site, title="A role"))
    for page in pages:
        empty_site.featured_pages.add(empty_site.featured_pages.model(page=page))
    empty_site.save()
    return pages


def test_the_routes_into_the_kit_cost_no_query_once_read(client, empty_site, featured):
    first = client.get("/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/").content.decode()
    assert second == first
    assert all(page.title in second for page in featured)
    # Wagtail's view restriction check (ancestors, restrictions) is all that is left.
    assert len(queries) <= 2


def test_the_routes_into_the_kit_follow_publishing_and_restrictions(client, empty_site, featured):
    getting_started, the_model, element, role = featured
    client.get("/")

    getting_started.title = "Start here"
    getting_started.save_revision().publish()
    assert "Start here" in client.get("/").content.decode()

    role.unpublish()
    assert "A role" not in client.get("/").content.decode()

    PageViewRestriction.objects.create(page=the_model, restriction_type=PageViewRestriction.LOGIN)
    home = client.get("/").content.decode()
    # The restricted page and the page below it are no longer offered.
    assert "The model" not in home and "Motivational interviewing" not in home
    assert "Start here" in home


def test_a_preview_of_the_home_page_shows_unsaved_routes(client, empty_site, featured):
    client.get("/")  # the published routes cached
    draft = HomePage.objects.get(pk=empty_site.pk)
    new_page = StandardPageFactory(parent=empty_site, title="Brand new guidance")
    draft.featured_pages.add(draft.featured_pages.model(page=new_page))
    preview = draft.make_preview_request().render().content.decode()
    assert "Brand new guidance" in preview
    assert "Brand new guidance" not in client.get("/").content.decode()


@pytest.fixture
def library(empty_site):
    overview = ModelOverviewPageFactory(parent=empty_site, slug="the-model")
    element = ElementPageFactory(parent=overview, slug="mi", number=2, title="Motivational")
    index = ResourceIndexPageFactory(parent=empty_site)
    ResourcePageFactory(parent=index, title="Guide for leaders", audience=Audience.LEADER)
    ResourcePageFactory(
        parent=index, title="Practice guide", audience=Audience.PRACTITIONER, elements=[element]
    )
    return index, element


def test_the_library_lists_are_read_once_and_follow_publishing(client, library):
    index, element = library
    client.get("/resources/")
    with CaptureQueriesContext(connection) as again:
        html = client.get("/resources/").content.decode()
    assert "Guide for leaders" in html and "Practice guide" in html
    assert not [q for q in again if "resources_resourcepage" in q["sql"]]

    leaders = client.get("/resources/?audience=leader").content.decode()
    assert "Guide for leaders" in leaders and "Practice guide" not in leaders

    new = ResourcePageFactory(parent=index, title="Brand new template")
    assert "Brand new template" in client.get("/resources/").content.decode()
    new.unpublish()
    assert "Brand new template" not in client.get("/resources/").content.decode()
    element.title = "Motivational interviewing"
    element.save_revision().publish()
    assert "Motivational interviewing" in client.get("/resources/").content.decode()


def test_an_elements_related_pages_are_read_once_and_follow_publishing(client, empty_site, library):
    index, element = library
    client.get("/the-model/mi/")
    with CaptureQueriesContext(connection) as again:
        html = client.get("/the-model/mi/").content.decode()
    assert "Practice guide" in html
    assert not [q for q in again if "practice_rolepage" in q["sql"]]

    role = RolePageFactory(parent=empty_site, title="Family therapist", elements=[element])
    assert "Family therapist" in client.get("/the-model/mi/").content.decode()
    PageViewRestriction.objects.create(page=role, restriction_type=PageViewRestriction.LOGIN)
    assert "Family therapist" not in client.get("/the-model/mi/").content.decode()
