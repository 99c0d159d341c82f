"""Fast, isolated test settings."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, INSTALLED_APPS, STORAGES

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# A file, not memory, so that `pytest --reuse-db` keeps the migrated database with its content
# between runs (pytest-xdist gives each worker its own copy: _gw0, _gw1, ...).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Room for every public page, as in base: warming the cache stores some 200 pages and, beside
# them, each council's outcomes profile and each page's breadcrumbs (Django's default is 300).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
# Off, so that a test reads what it has just built; tests/core/test_page_cache.py turns it on.
PAGE_CACHE_SECONDS = 0
# Beside the reusable test database: the content's documents loaded into it are kept here.
MEDIA_ROOT = BASE_DIR / ".test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")
STORAGES["default"] = {
    "BACKEND": "core.storage.MediaStorage",
    "OPTIONS": {"private_location": MEDIA_ROOT.with_name(f"{MEDIA_ROOT.name}-private")},
}
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="fs-kit-test-private-")
STORAGES["evidence"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Playwright's sync API runs an event loop in the test thread; the ORM calls made
# by browser-test fixtures are still synchronous, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
DEMO_DATA_ALLOWED = True
STATIC_ROOT = tempfile.mkdtemp(prefix="fs-kit-test-static-")
# Tasks run at once (the base settings' immediate backend); the database backend's tables are
# here too, for the tests that run tasks through its worker as production does.
INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]
