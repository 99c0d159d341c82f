"""Background work of core's: warming the public-page cache after content changes."""

from django_tasks import task

from core.page_cache import warm_public_pages


@task()
def warm_page_cache() -> int:
    """Render every public page into the cache (core.page_cache); the number that answered."""
    return warm_public_pages()
