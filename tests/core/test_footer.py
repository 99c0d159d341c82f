"""The footer's links: each one's text is the title of the page it opens."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_every_footer_link_names_the_page_it_opens(client, loaded_content):
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="govuk-footer">') :]
    links = re.findall(r'<a class="govuk-footer__link" href="([^"]+)">([^<]+)</a>', footer)
    assert ("/methodology/", "How the fidelity self-assessment works") in links
    for href, text in links:
        page = client.get(href)
        assert page.status_code == 200, href
        title = re.search(r"<title>([^<]+)</title>", page.content.decode()).group(1)
        assert title.startswith(f"{text} - "), (href, text, title)
