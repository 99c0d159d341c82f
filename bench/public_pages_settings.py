"""Settings for bench/public_pages.py only: the production settings, plus a bare view beside the
site's URLs (public_pages_urls) and the static files collected into the run's own folder."""

import os

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "public_pages_urls"
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
# 0 serves every page cold (core.page_cache off): how the site copes before the cache is warm.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 24 * 60 * 60))
