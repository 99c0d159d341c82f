"""Fast, isolated test settings."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import STORAGES

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="fs-kit-test-media-")
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
