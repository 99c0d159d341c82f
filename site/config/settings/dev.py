"""Local development: debug on, an obviously fake key, everything on this machine."""

import contextlib

from .base import *  # noqa: F403
from .base import STORAGES

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

with contextlib.suppress(ImportError):
    from .local import *  # noqa: F403
DEMO_DATA_ALLOWED = True
