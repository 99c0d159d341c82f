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
# Imported now rather than by the first requests each process serves (seconds of work): the
# URLconf with every view and what they use (pandas among them), and matplotlib, which the
# chart views import only when they draw. Under gunicorn (preload_app) once, in the master.
import_module(settings.ROOT_URLCONF)
import_module("matplotlib.figure")
