from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command

from wagtail.models import Collection, Locale, Page, Site

import pytest

from core.models import HomePage


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the navigation is cached per site id)."""
    cache.clear()


@pytest.fixture
def home_page(db) -> HomePage:
    """The site's home page. Rebuilt if a transactional test flushed the migration-made trees."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    home = HomePage.objects.first()
    if home is None:
        locale = Locale.objects.first() or Locale.objects.create(language_code="en")
        root = Page.get_first_root_node() or Page.add_root(title="Root", locale=locale)
        home = root.add_child(
            instance=HomePage(title="Home", slug="home", summary="The home page.")
        )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


@pytest.fixture
def loaded_content(home_page):
    """Every page from the real content/ folder, loaded as `make demo` loads it."""
    call_command("load_content", content_dir=settings.CONTENT_DIR, verbosity=0)
    return HomePage.objects.get()
