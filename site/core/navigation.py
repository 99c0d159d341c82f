"""The site's two navigation bars: the published kit's sections (from the page tree, cached per
site and cleared whenever the tree changes) and the links apps offer through their AppConfig."""

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

from core.choices import NavigationArea

CACHE_KEY = "core:navigation:{site_id}"
# Signals clear the cache in this process (and everywhere with a shared cache such as
# Redis); the expiry bounds staleness where each process has its own local-memory cache.
CACHE_SECONDS = 60


def navigation_sections(site: Site) -> list[dict]:
    key = CACHE_KEY.format(site_id=site.pk)
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


def clear_navigation(**kwargs) -> None:
    cache.delete_many(
        [CACHE_KEY.format(site_id=pk) for pk in Site.objects.values_list("pk", flat=True)]
    )


def _clear_after_commit(sender, instance=None, **kwargs) -> None:
    # Publishing, unpublishing, renaming, privacy and site changes all save one of these.
    # After commit, so a concurrent request cannot refill the cache with the old tree.
    if isinstance(instance, (Page, PageViewRestriction, Site)) or sender is Page:
        transaction.on_commit(clear_navigation)


def connect_signals() -> None:
    post_save.connect(_clear_after_commit, dispatch_uid="core-navigation-save")
    post_delete.connect(_clear_after_commit, dispatch_uid="core-navigation-delete")
    post_page_move.connect(_clear_after_commit, dispatch_uid="core-navigation-move")


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
