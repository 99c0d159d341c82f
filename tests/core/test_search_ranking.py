"""Search puts a topic's own page first: each element of the model, searched by its name."""

import re

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
