"""Reads that belong to core: the pages promoted for a search."""

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from core.text import search_key


def promoted_page_ids(query: str) -> list[int]:
    """The pages promoted for ``query`` (content's search_terms, or an editor's promotions, which
    the admin stores with their punctuation), in their promotion order. Nothing is written: the
    search is not logged."""
    keys = {search_key(query), normalise_query_string(query)}
    return list(
        SearchPromotion.objects.filter(query__query_string__in=keys)
        .order_by("sort_order", "pk")
        .values_list("page_id", flat=True)
    )
