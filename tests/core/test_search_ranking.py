"""Search puts a topic's own page first: each element of the model, searched by its name."""

import re

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page

import pytest

pytestmark = pytest.mark.django_db

ELEMENTS = {
    "motivational": "/the-model/motivational-interviewing/",
    "motivational interviewing": "/the-model/motivational-interviewing/",
    "workbook": "/the-model/the-workbook/",
    "multi-disciplinary teams": "/the-model/multi-disciplinary-teams/",
    "outcomes framework": "/the-model/outcomes-framework/",
    "group case supervision": "/the-model/group-case-supervision/",
}


@pytest.mark.parametrize(("query", "page"), ELEMENTS.items())
def test_an_elements_name_finds_its_own_page_first(client, loaded_content, query, page):
    html = client.get("/search/", {"q": query}).content.decode()
    results = html.split('class="govuk-heading-xl"', 1)[1]
    links = re.findall(r'<a class="govuk-link" href="(/[^"]*)"', results)
    assert links, html
    assert links[0] == page, links[:5]


def test_an_editors_promotion_is_found_whatever_the_punctuation_and_not_repeated(
    client, loaded_content
):
    page = Page.objects.get(url_path__endswith="/the-model/the-workbook/")
    query, _ = Query.objects.get_or_create(query_string="case-recording")
    SearchPromotion.objects.create(query=query, page=page, sort_order=0)

    response = client.get("/search/", {"q": "Case-recording"})

    html = response.content.decode()
    assert response.context["promoted"][0].pk == page.pk
    assert html.count('href="/the-model/the-workbook/"') == 1
    assert f"{response.context['total']} results for" in html
    assert response.context["total"] == 1 + response.context["results"].paginator.count
