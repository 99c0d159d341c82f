"""The site's two navigation bars: the published kit's sections (from the page tree, cached per
site under the public content's generation, which every change to the tree renews) and the
links apps offer through their AppConfig; and the breadcrumbs, cached the same way."""

from django.apps import apps
from django.core.cache import cache

from wagtail.models import Page, Site

from core import page_cache
from core.choices import NavigationArea
from core.sites import site_for_request

CACHE_KEY = "core:navigation:{site_id}:{generation}"
BREADCRUMBS_KEY = "core:breadcrumbs:{page_id}:{site_id}:{generation}"
# A change renews the generation in this process (and everywhere with a shared cache such as
# Redis); the expiry bounds staleness where each process has its own local-memory cache.
CACHE_SECONDS = 60


def navigation_sections(site: Site) -> list[dict]:
    key = CACHE_KEY.format(site_id=site.pk, generation=page_cache.generation())
    sections = cache.get(key)
    if sections is None:
        root = site.root_page
        sections = [
            {
                "pk": page.pk,
                "path": page.path,
                "title": getattr(page, "short_title", page.title),
                "url": page.get_url(),
            }
            for page in root.get_children().live().public().in_menu().specific()
        ]
        cache.set(key, sections, timeout=CACHE_SECONDS)
    return sections


def breadcrumb_trail(page: Page, request) -> list[dict]:
    """The page's ancestors below the tree root (the home page included), cached like the
    sections: they are the same for every visitor until the tree changes."""
    site = site_for_request(request)
    key = BREADCRUMBS_KEY.format(
        page_id=page.pk, site_id=site.pk if site else None, generation=page_cache.generation()
    )
    trail = cache.get(key) if page.pk else None
    if trail is None:
        trail = [
            {"title": getattr(a, "short_title", a.title), "url": a.get_url(request=request)}
            for a in page.get_ancestors().filter(depth__gte=2).specific()
        ]
        if page.pk:  # not a new page's preview
            cache.set(key, trail, timeout=CACHE_SECONDS)
    return trail


def app_navigation_links(request) -> list[dict]:
    """Links to the site's own (non-page) areas, offered by apps core must not import.

    An AppConfig may define ``navigation_links(request) -> [{"title", "path"}]``, e.g. the
    self-assessment for everyone and the reviewer workspace for reviewers only. A link goes in
    the signed-in service's bar unless it says ``"area": NavigationArea.KIT`` (public pages that
    belong with the published kit's sections). Links keep the apps' order unless one gives an
    ``"order"`` (default 0; lower comes first), as a person's home does.
    """
    links = []
    for config in apps.get_app_configs():
        offer = getattr(config, "navigation_links", None)
        if offer:
            links.extend({"area": NavigationArea.SERVICE, **link} for link in offer(request))
    return sorted(links, key=lambda link: link.get("order", 0))
