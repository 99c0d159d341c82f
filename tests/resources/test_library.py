"""The resources library: filters that work as plain GET forms, and bounded queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from core.choices import ImplementationStage
from resources.choices import Audience, ResourceType
from tests.practice.factories import ElementPageFactory, ModelOverviewPageFactory
from tests.resources.factories import ResourceIndexPageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(empty_site):
    overview = ModelOverviewPageFactory(parent=empty_site)
    mi = ElementPageFactory(parent=overview, title="Motivational interviewing", slug="mi", number=2)
    workbook = ElementPageFactory(parent=overview, title="The Workbook", slug="workbook", number=3)
    index = ResourceIndexPageFactory(parent=empty_site)
    ResourcePageFactory(
        parent=index,
        title="MI training plan",
        audience=Audience.MANAGER,
        stage=ImplementationStage.INSTALLATION,
        elements=[mi],
    )
    ResourcePageFactory(
        parent=index,
        title="Readiness checklist",
        audience=Audience.LEADER,
        stage=ImplementationStage.EXPLORATION,
        resource_type=ResourceType.TOOLKIT,
    )
    ResourcePageFactory(
        parent=index,
        title="Workbook guide",
        audience=Audience.PRACTITIONER,
        stage=ImplementationStage.INITIAL_IMPLEMENTATION,
        elements=[workbook, mi],
    )
    draft = ResourcePageFactory(parent=index, title="Unfinished draft", audience=Audience.LEADER)
    draft.unpublish()
    return {"index": index, "mi": mi, "workbook": workbook}


def listed(client, params=None) -> str:
    response = client.get("/resources/", params or {})
    assert response.status_code == 200
    return response.content.decode()


def titles(html: str) -> list[str]:
    return [
        title
        for title in (
            "MI training plan",
            "Readiness checklist",
            "Workbook guide",
            "Unfinished draft",
        )
        if f">{title}</a>" in html
    ]


def test_lists_live_resources_only(client, library):
    html = listed(client)
    assert titles(html) == ["MI training plan", "Readiness checklist", "Workbook guide"]
    assert "3 resources" in html


def test_filter_by_audience(client, library):
    html = listed(client, {"audience": "leader"})
    assert titles(html) == ["Readiness checklist"]
    assert "1 resource match your filters" in html
    assert 'value="leader" checked' in html


def test_filter_by_element_matches_resources_tagged_with_any_ticked_element(client, library):
    assert titles(listed(client, {"element": "workbook"})) == ["Workbook guide"]
    both = listed(client, {"element": ["workbook", "mi"]})
    assert titles(both) == ["MI training plan", "Workbook guide"]  # once each


def test_filters_combine_across_groups(client, library):
    html = listed(client, {"element": "mi", "stage": "initial-implementation"})
    assert titles(html) == ["Workbook guide"]


def test_filter_by_type(client, library):
    assert titles(listed(client, {"resource_type": "toolkit"})) == ["Readiness checklist"]


def test_nonsense_filters_are_ignored_not_an_error(client, library):
    html = listed(client, {"audience": "astronauts", "element": "drop table"})
    assert titles(html) == ["MI training plan", "Readiness checklist", "Workbook guide"]


def test_no_matches_offers_a_way_back(client, library):
    html = listed(client, {"audience": "partner-agency"})
    assert "No resources match your filters" in html
    assert "Clear the filters" in html


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/resources/", "/resources/?audience=manager&stage=installation"])
def test_resources_list_queries_do_not_grow_with_resources(client, library, url):
    index = library["index"]
    for _n in range(2):
        ResourcePageFactory(parent=index, audience=Audience.MANAGER, elements=[library["mi"]])
    count_queries(client, url)  # warm caches (site root, content types)
    with_five = count_queries(client, url)

    for _n in range(45):
        ResourcePageFactory(
            parent=index, audience=Audience.MANAGER, elements=[library["mi"], library["workbook"]]
        )
    count_queries(client, url)  # refill the navigation cache the new pages cleared
    with_fifty = count_queries(client, url)

    assert with_five == with_fifty
    assert with_fifty <= 15


def test_pagination_keeps_the_filters(client, library):
    for _n in range(25):
        ResourcePageFactory(parent=library["index"], audience=Audience.MANAGER)
    html = listed(client, {"audience": "manager"})
    assert "26 resources match your filters" in html
    assert 'href="?audience=manager&amp;page=2"' in html


def test_an_unknown_value_drops_only_its_own_filter(client, library):
    html = listed(client, {"audience": "manager", "element": "no-such-element"})
    assert titles(html) == ["MI training plan"]
    assert "match your filters" in html


def test_unpublished_element_titles_are_not_listed(client, library):
    library["workbook"].unpublish()
    html = listed(client)
    assert "The Workbook" not in html
