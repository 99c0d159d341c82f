"""The Wagtail site answering a request, kept in the cache under the public content's generation.

Finding it is one of the dearest queries a page makes (Wagtail ranks every candidate site in
SQL), and routing then reads the site's root page in its specific form: both are the same for
every request to a host until a site or a page changes, and every such change renews the
generation (core.page_cache). Wagtail keeps the request's site on ``request._wagtail_site``
(Site.find_for_request says so), so whatever asks Wagtail afterwards gets this one.
"""

import hashlib

from django.core.cache import cache
from django.http.request import split_domain_port

from wagtail.models import Site

from core import page_cache

CACHE_KEY = "core:site:{host}:{generation}"
# As the navigation's (core.navigation): bounds staleness where each process has its own cache.
CACHE_SECONDS = 60


def site_for_request(request) -> Site | None:
    """Site.find_for_request, read from the cache when it can be, with its root page's specific
    form read once and kept with it."""
    if request is None:
        return None
    if not hasattr(request, "_wagtail_site"):
        # The raw host, as Wagtail matches it; hashed, as the key's only part a visitor sends.
        hostname = split_domain_port(request._get_raw_host())[0]
        host = hashlib.sha256(f"{hostname}:{request.get_port()}".encode()).hexdigest()
        key = CACHE_KEY.format(host=host, generation=page_cache.generation())
        found = cache.get(key)
        if found is None:
            site = Site.find_for_request(request)
            if site is not None:
                site.root_page.specific  # noqa: B018 (read now, so that it is cached too)
            found = (site,)  # a tuple, so that "no site" is cached too
            cache.set(key, found, timeout=CACHE_SECONDS)
        request._wagtail_site = found[0]
    return request._wagtail_site
