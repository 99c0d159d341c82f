"""The full-page cache for anonymous visitors (core.page_cache): what it serves, to whom, what it
never keeps, and what empties it."""

import re

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, PageViewRestriction

import pytest

from authorities.models import Authority
from core.models import HomePage
from core.page_cache import HIT_HEADER, warm_public_pages
from official_statistics.services import import_ees_file
from tests.core.factories import StandardPageFactory
from tests.official_statistics.dfe_files import children_in_need

pytestmark = pytest.mark.django_db

HERTS_OUTCOMES = "/outcomes/E10000015/"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 3600
    settings.PAGE_CACHE_WARMING = True


def test_the_sitemap_is_served_from_the_cache_until_a_page_is_published(client, page):
    first, second = visit_twice(client, "/sitemap.xml")
    assert from_cache(second) and second.content == first.content
    page.title = "Partners and friends"
    page.save_revision().publish()
    assert not from_cache(client.get("/sitemap.xml"))


def test_nothing_is_warmed_where_the_cache_is_not_shared(
    client, home_page, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_WARMING = False
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_content", verbosity=0)
    assert not from_cache(client.get("/"))


def from_cache(response) -> bool:
    return response.get(HIT_HEADER) == "hit"


def visit_twice(client, path: str):
    first = client.get(path)
    assert first.status_code == 200, path
    return first, client.get(path)


@pytest.fixture
def page(home_page):
    return StandardPageFactory(parent=home_page, title="Working with partners", slug="partners")


def test_a_second_anonymous_visit_is_served_from_the_cache_without_a_query(client, home_page):
    first = client.get("/")
    assert not from_cache(first)
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/")
    assert from_cache(second)
    assert len(queries) == 0
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/the-model/", "/resources/", "/impact/", HERTS_OUTCOMES])
def test_the_public_pages_the_issue_names_are_cached(client, home_page, path):
    _, second = visit_twice(client, path)
    assert from_cache(second)


def test_each_query_string_is_its_own_entry(client, home_page):
    client.get("/resources/")
    filtered = client.get("/resources/?audience=leader")
    assert not from_cache(filtered)
    assert from_cache(client.get("/resources/?audience=leader"))


def test_a_cached_page_sets_no_cookie_and_opens_no_session(client, home_page):
    first, second = visit_twice(client, "/")
    for response in (first, second):
        assert not response.cookies
        assert "Set-Cookie" not in response
    assert not client.cookies


def test_a_visitor_with_a_session_is_never_served_the_shared_copy(client, home_page):
    client.get("/")
    client.cookies["sessionid"] = "an-anonymous-visitors-session"
    assert not from_cache(client.get("/"))


def test_a_visitor_who_only_has_a_csrf_cookie_shares_the_copy(client, home_page):
    client.get("/")
    client.cookies["csrftoken"] = "a" * 32
    assert from_cache(client.get("/"))


def test_signed_in_people_are_never_served_a_cached_page_nor_cached(client, home_page, wb_lead):
    client.get("/")  # an anonymous copy is stored
    client.force_login(wb_lead)
    first, second = visit_twice(client, "/")
    for response in (first, second):
        assert not from_cache(response)
        assert "Sign out" in response.content.decode()
        assert "no-store" in response["Cache-Control"]
    client.logout()
    anonymous = client.get("/")
    assert from_cache(anonymous)
    assert "Sign out" not in anonymous.content.decode()


def test_an_api_token_is_never_served_a_cached_page(client, home_page):
    client.get("/")
    assert not from_cache(client.get("/", HTTP_AUTHORIZATION="Bearer some-token"))


@pytest.mark.parametrize(
    "path",
    ["/feedback/", "/accounts/login/", "/search/?q=supervision", "/accounts/password-reset/"],
)
def test_pages_with_forms_or_csrf_tokens_are_never_cached(client, home_page, path):
    first, second = visit_twice(client, path)
    assert not from_cache(second)
    assert second.content != b""


def test_a_page_with_a_posting_form_is_not_stored(client, home_page, settings):
    # The feedback page's form posts and carries a CSRF token; without the token's cookie
    # (a visitor who already has one) the form alone keeps it out.
    client.cookies["csrftoken"] = "b" * 32
    _, second = visit_twice(client, "/feedback/")
    assert not from_cache(second)


def test_errors_and_redirects_are_not_stored(client, home_page):
    for path in ["/no-such-page/", "/outcomes/E99999999/", "/assessments/"]:
        first = client.get(path)
        assert first.status_code in (302, 404)
        assert not from_cache(client.get(path))


def test_publishing_a_change_empties_the_cache(client, page):
    _, second = visit_twice(client, "/partners/")
    assert from_cache(second)
    page.title = "Working with our partners"
    page.save_revision().publish()
    response = client.get("/partners/")
    assert not from_cache(response)
    assert "Working with our partners" in response.content.decode()


def test_saving_a_draft_keeps_the_published_copy(client, page):
    client.get("/partners/")
    page.title = "A draft title"
    page.save_revision()
    response = client.get("/partners/")
    assert from_cache(response)
    assert "A draft title" not in response.content.decode()


def test_unpublishing_a_page_takes_it_off_at_once(client, page):
    visit_twice(client, "/partners/")
    page.unpublish()
    assert client.get("/partners/").status_code == 404


def test_moving_a_page_empties_the_cache(client, page, home_page):
    about = Page.objects.get(url_path__endswith="/about/")
    visit_twice(client, "/partners/")
    page.move(about, pos="last-child")
    moved = client.get("/partners/")  # Wagtail redirects the old address
    assert moved.status_code == 301
    assert moved["Location"] == "/about/partners/"
    assert client.get("/about/partners/").status_code == 200


def test_deleting_a_page_empties_the_cache(client, page):
    visit_twice(client, "/partners/")
    page.delete()
    assert client.get("/partners/").status_code == 404


def test_a_page_made_private_is_never_served_from_the_cache(client, page):
    visit_twice(client, "/partners/")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/partners/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_snippet_change_empties_the_cache(client, home_page):
    _, second = visit_twice(client, HERTS_OUTCOMES)
    assert from_cache(second)
    herts = Authority.objects.get(ons_code="E10000015")
    herts.name = "Hertfordshire (renamed)"
    herts.save()
    response = client.get(HERTS_OUTCOMES)
    assert not from_cache(response)
    assert "Hertfordshire (renamed)" in response.content.decode()


def test_a_document_change_empties_the_cache(client, home_page):
    visit_twice(client, "/resources/")
    document = get_document_model().objects.create(
        title="Partnership agreement",
        file=ContentFile(b"a,b\n1,2\n", name="partnership.csv"),
        collection=Collection.get_first_root_node(),
    )
    try:
        assert not from_cache(client.get("/resources/"))
        assert from_cache(client.get("/resources/"))
        document.title = "Partnership agreement, 2026"
        document.save()
        assert not from_cache(client.get("/resources/"))
    finally:
        document.file.delete(save=False)


def test_a_statistics_import_empties_the_cache(client, home_page, tmp_path):
    first, second = visit_twice(client, HERTS_OUTCOMES)
    assert from_cache(second)
    report = import_ees_file(path=children_in_need(tmp_path), dataset="cin")
    assert report.ok
    response = client.get(HERTS_OUTCOMES)
    assert not from_cache(response)


def test_the_import_warms_the_cache_once_it_commits(
    client, home_page, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_ees_file(path=children_in_need(tmp_path), dataset="cin")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HERTS_OUTCOMES)
    assert from_cache(response)
    assert len(queries) == 0


def test_warming_renders_the_home_page_and_every_page_in_the_sitemap(client, home_page):
    sitemap = client.get("/sitemap.xml")
    paths = re.findall(r"<loc>https?://[^/]+(/[^<]*)</loc>", b"".join(sitemap).decode())
    assert HERTS_OUTCOMES in paths and "/the-model/" in paths
    warmed = warm_public_pages()
    assert warmed == len(set(paths) | {"/"})
    for path in ["/", "/the-model/", HERTS_OUTCOMES]:
        assert from_cache(client.get(path)), path


def test_warming_does_nothing_when_the_cache_is_off(client, home_page, settings):
    settings.PAGE_CACHE_SECONDS = 0
    assert warm_public_pages() == 0
    settings.PAGE_CACHE_SECONDS = 3600
    assert not from_cache(client.get("/"))


def test_loading_the_content_warms_the_cache(client, home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_content", verbosity=0)
    assert from_cache(client.get("/"))
    assert HomePage.objects.count() == 1


def test_publishing_in_the_admin_warms_the_cache(
    client, admin_client, page, django_capture_on_commit_callbacks
):
    client.get("/partners/")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/pages/{page.pk}/unpublish/")
    assert response.status_code == 302
    assert client.get("/partners/").status_code == 404
    assert from_cache(client.get("/"))
