"""gunicorn's settings for the production stack: `gunicorn -c gunicorn.conf.py` from the
repository root (make serve-production, the Procfile). Every server is stateless (sessions in the
database and Redis, files in object storage), so any number can run behind a load balancer."""

import os
from pathlib import Path

wsgi_app = "config.wsgi:application"
chdir = str(Path(__file__).resolve().parent / "site")

# Loopback unless told otherwise: the HTTPS proxy in front forwards to it (README, Deploying).
bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"]

# Sync workers, (2 x cores) + 1 as gunicorn's documentation suggests, capped so a big machine
# does not open more database connections than PostgreSQL allows; WEB_CONCURRENCY overrides.
WORKERS_CAP = 12
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * (os.cpu_count() or 1) + 1, WORKERS_CAP))
# Django, its settings, middleware, URLconf and views are loaded once, in the master, and every
# worker starts from a copy: no worker spends seconds importing on its first requests, whether
# at start or when replaced after max_requests. New code therefore needs a restart, not a HUP.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# A worker is replaced after this many requests (with jitter, so they do not all restart at
# once): a slow leak cannot grow for ever.
max_requests = 1000
max_requests_jitter = 100

# Access and error logs to standard output, for the process manager to collect.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
