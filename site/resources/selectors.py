"""Reads for the resources library."""

from django.db.models import Prefetch, QuerySet

from core.visibility import public
from practice.models import ElementPage
from resources.models import ResourcePage


def resources_filtered(
    *,
    index_page,
    request=None,
    element_slugs: list[str] | None = None,
    audiences: list[str] | None = None,
    stages: list[str] | None = None,
    resource_types: list[str] | None = None,
) -> QuerySet[ResourcePage]:
    """Live, public resources under ``index_page``; within a filter any ticked value matches.
    Read for listing: their bodies are not. The request, if given, keeps the site's view
    restrictions for its other listings (core.visibility)."""
    resources = public(ResourcePage.objects.child_of(index_page).live(), request)
    resources = resources.defer_streamfields()
    if element_slugs:
        resources = resources.filter(elements__slug__in=element_slugs).distinct()
    if audiences:
        resources = resources.filter(audience__in=audiences)
    if stages:
        resources = resources.filter(stage__in=stages)
    if resource_types:
        resources = resources.filter(resource_type__in=resource_types)
    visible_elements = Prefetch(
        "elements",
        queryset=public(ElementPage.objects.live(), request).defer_streamfields().order_by("path"),
    )
    return resources.select_related("document").prefetch_related(visible_elements).order_by("title")
