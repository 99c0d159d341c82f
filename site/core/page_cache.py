"""A full-page cache for anonymous visitors' public pages, emptied whenever what they show changes.

A visitor without a session cookie (nobody signed in, nothing remembered for them) is sent a
page straight from the cache when it holds one, before the session, the user or any view is
looked at. A response is stored only if it is the same for every such visitor: a 200 HTML page
(or the XML sitemap) for an anonymous GET that sets no cookie, rendered no CSRF token, holds no
form that posts, and that neither the view nor a middleware marked private (signed-in people's pages are marked
``private, no-store`` by core.middleware.PrivateResponsesMiddleware).

Emptying is by generation: every entry is stored with the generation it was rendered under,
and a change to what public pages show starts a new generation, so every older entry is
ignored from then on (and expires). Models that public pages show are watched through signals:
pages, their privacy, sites, collections, documents, images and snippets (the register of
councils and the framework among them), and the models apps name in their AppConfig's
``public_content_models``, each save of which is one whole change, such as a statistics
import's record. The generation changes at the change, so this process sees it at once, and
again when the transaction commits, so that a page rendered meanwhile from the old data is not
kept.

Warming (``warm_public_pages``) renders the pages the sitemap lists, so the first visitor after
a change does not wait for them. The core.tasks task runs it once the change has committed:
after load_content, after each of those whole changes (an import), and after an editor's
publishing, moving or deleting in the admin (core.wagtail_hooks).
"""

import functools
import hashlib
import logging
import re
import uuid
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.test import Client

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail.signals import post_page_move
from wagtail.snippets.models import get_snippet_models

logger = logging.getLogger(__name__)

GENERATION_KEY = "core:page-cache:generation"
ENTRY_KEY = "core:page-cache:page:{digest}"
HIT_HEADER = "X-Page-Cache"
# Paths whose responses are never shared: the admin, documents (their collection's privacy
# decides who may have them), sign-in and accounts, and search (its results vary with any text).
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/accounts/", "/search/")
POSTING_FORM = re.compile(rb"<form\b[^>]*\bmethod=[\"']?post", re.IGNORECASE)
UNSHARED_DIRECTIVES = ("private", "no-store", "no-cache")
# Pages, and the sitemap (it lists every public page, so it costs as much as many of them).
SHARED_CONTENT_TYPES = ("text/html", "application/xml")
# Saving a draft touches only these page fields: the published page is unchanged.
DRAFT_ONLY_FIELDS = frozenset(
    {
        "draft_title",
        "latest_revision",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def _entry_key(request) -> str:
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return ENTRY_KEY.format(digest=hashlib.sha256(url.encode()).hexdigest())


def may_be_served_from_cache(request) -> bool:
    """A request anyone could have made: no session, no credentials, nothing sent."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path_info.startswith(EXCLUDED_PREFIXES)
    )


def may_be_stored(request, response) -> bool:
    """The response is the same for every anonymous visitor, and holds nothing of theirs."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies:  # a session or CSRF cookie: this visitor's own
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # a CSRF token was put on the page
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if not response.get("Content-Type", "").startswith(SHARED_CONTENT_TYPES):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(directive in cache_control for directive in UNSHARED_DIRECTIVES):
        return False
    return POSTING_FORM.search(response.content) is None


class PublicPageCacheMiddleware:
    """Serves stored pages to anonymous visitors, and stores what may be shared."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (enabled() and may_be_served_from_cache(request)):
            return self.get_response(request)
        key = _entry_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        entry = found.get(key)
        if generation is not None and entry is not None and entry[0] == generation:
            _, headers, content = entry
            response = HttpResponse(content, headers=headers)
            response[HIT_HEADER] = "hit"
            return response
        if generation is None:
            generation = _start_generation()
        response = self.get_response(request)
        if may_be_stored(request, response):
            # Stored under the generation read before rendering: if content changed meanwhile,
            # this copy may be the old one, and it is never served.
            headers = [(name, value) for name, value in response.items() if name != HIT_HEADER]
            cache.set(
                key, (generation, headers, response.content), timeout=settings.PAGE_CACHE_SECONDS
            )
        return response


T = TypeVar("T")


def generation() -> str:
    """The generation public content is in: it changes whenever what public pages show does, so
    anything worked out from that content the same way for every visitor can be cached under it."""
    return cache.get(GENERATION_KEY) or _start_generation()


# What is kept under a generation outlives it by at most this long where each process has its
# own cache (a change renews the generation only in the process that made it); with a shared
# cache such as Redis every process sees the new generation at once.
REMEMBERED_SECONDS = 60
REMEMBERED_KEY = "core:remembered:{name}:{generation}:{digest}"


def remember(name: str, parts: tuple, build: Callable[[], T]) -> T:
    """What ``build()`` gives, kept under the current generation: for what public pages work out
    from the content the same way for every visitor, such as listings of other pages. ``parts``
    (hashed) tell apart the cases of one ``name``."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    key = REMEMBERED_KEY.format(name=name, generation=generation(), digest=digest)
    found = cache.get(key)
    if found is None:
        found = (build(),)  # a tuple, so that an empty result is kept too
        cache.set(key, found, timeout=REMEMBERED_SECONDS)
    return found[0]


def _start_generation() -> str:
    generation = uuid.uuid4().hex
    if cache.add(GENERATION_KEY, generation, timeout=None):
        return generation
    return cache.get(GENERATION_KEY) or generation


def empty() -> None:
    """Every stored page is out of date from now on."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


@functools.cache
def _apps_public_content_models() -> tuple[type, ...]:
    return tuple(
        apps.get_model(config.label, name)
        for config in apps.get_app_configs()
        for name in getattr(config, "public_content_models", ())
    )


def _watched_models() -> tuple[type, ...]:
    # Snippets are registered as Wagtail's hooks load, so they are looked up at each change.
    return (
        Page,
        PageViewRestriction,
        Site,
        Collection,
        CollectionViewRestriction,
        get_document_model(),
        get_image_model(),
        *get_snippet_models(),
        *_apps_public_content_models(),
    )


def _public_content_changed(sender, instance=None, update_fields=None, **kwargs) -> None:
    if not isinstance(instance, _watched_models()):
        return
    if isinstance(instance, Page) and update_fields and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return
    empty()
    transaction.on_commit(empty)
    if isinstance(instance, _apps_public_content_models()):
        schedule_warming()


def connect_signals() -> None:
    post_save.connect(_public_content_changed, dispatch_uid="core-page-cache-save")
    post_delete.connect(_public_content_changed, dispatch_uid="core-page-cache-delete")
    post_page_move.connect(_public_content_changed, dispatch_uid="core-page-cache-move")


def schedule_warming() -> None:
    """Warm the cache once the current transaction commits (at once outside one), where the
    cache is shared (settings.PAGE_CACHE_WARMING)."""
    if not (enabled() and settings.PAGE_CACHE_WARMING):
        return
    from core.tasks import warm_page_cache  # tasks import this module

    transaction.on_commit(warm_page_cache.enqueue)


def public_paths(client: Client) -> list[str]:
    """The home page and every page the sitemap lists, as paths."""
    response = client.get("/sitemap.xml")
    if response.status_code != 200:
        logger.warning("Page cache not warmed: the sitemap answered %s", response.status_code)
        return []
    locations = re.findall(rb"<loc>([^<]+)</loc>", b"".join(response))
    paths = ["/"]
    for location in locations:
        parts = urlsplit(location.decode())
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path not in paths:
            paths.append(path)
    return paths


def warm_public_pages() -> int:
    """Render every public page into the cache, as an anonymous visitor to the site's address
    (WAGTAILADMIN_BASE_URL) would; the number of pages that answered 200."""
    if not enabled():
        return 0
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    client = Client(
        HTTP_HOST=base.netloc, secure=base.scheme == "https", raise_request_exception=False
    )
    warmed = 0
    for path in public_paths(client):
        client.cookies.clear()  # each page as a first-time visitor sees it
        response = client.get(path)
        if response.status_code == 200:
            warmed += 1
    return warmed
