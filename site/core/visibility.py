"""Which pages a visitor may see in listings: Wagtail's ``PageQuerySet.public()``, with the site's
view restrictions read once per request rather than once per listing (a page shows several)."""

from functools import reduce
from operator import or_

from django.db.models import Q

from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet


def restricted_paths(request=None) -> tuple[str, ...]:
    """The tree paths of the pages with a view restriction; kept on the request, if given."""
    found = getattr(request, "_restricted_page_paths", None)
    if found is None:
        found = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        if request is not None:
            request._restricted_page_paths = found
    return found


def public(pages: PageQuerySet, request=None) -> PageQuerySet:
    """``pages`` without those in a restricted section (the restricted page and everything
    below it), as ``pages.public()`` gives them."""
    paths = restricted_paths(request)
    if not paths:
        return pages
    return pages.exclude(reduce(or_, (Q(path__startswith=path) for path in paths)))
