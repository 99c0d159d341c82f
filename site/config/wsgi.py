"""WSGI entry point (gunicorn config.wsgi --chdir site)."""

import os
import sys
from pathlib import Path

SITE_DIR = Path(__file__).resolve().parent.parent
if str(SITE_DIR) not in sys.path:
    sys.path.insert(0, str(SITE_DIR))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

from importlib import import_module  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
# The URLconf imports every view and what they use (pandas among them): seconds of work that
# would otherwise fall on the first request each process serves.
import_module(settings.ROOT_URLCONF)
