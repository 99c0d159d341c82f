"""Production: PostgreSQL via DATABASE_URL, secrets and hosts from the environment."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    CONTENT_SECURITY_POLICY,
    DATABASES,
    INSTALLED_APPS,
    NOTIFY_API_KEY,
    STORAGES,
    WAGTAIL_ADMIN_CONTENT_SECURITY_POLICY,
)


def _required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable for production.")
    return value


def image_origins(*, bucket_name, region_name, endpoint_url, custom_domain, **_options):
    """Where images in the bucket are fetched from, for the Content Security Policy."""
    if custom_domain:
        return [f"https://{custom_domain}"]
    if endpoint_url:  # another S3-compatible service: path-style or bucket-named hosts
        endpoint = urlsplit(endpoint_url)
        return [
            f"{endpoint.scheme}://{endpoint.netloc}",
            f"{endpoint.scheme}://{bucket_name}.{endpoint.netloc}",
        ]
    regional = f"https://{bucket_name}.s3.{region_name}.amazonaws.com" if region_name else None
    return [origin for origin in (f"https://{bucket_name}.s3.amazonaws.com", regional) if origin]


def with_image_origins(policy: dict, origins: list[str]) -> dict:
    directives = policy["DIRECTIVES"]
    return {**policy, "DIRECTIVES": {**directives, "img-src": [*directives["img-src"], *origins]}}


def _flag(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


SECRET_KEY = _required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [
    host.strip() for host in _required("DJANGO_ALLOWED_HOSTS").split(",") if host.strip()
]
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if not host.startswith(".")]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not _flag(
    "ALLOW_SQLITE_IN_PRODUCTION", False
):
    raise ImproperlyConfigured("Production runs on PostgreSQL: set DATABASE_URL=postgres://...")

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
    # Read from Redis, written to the database too: any app server finds the session, and a
    # Redis restart or eviction signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    PAGE_CACHE_WARMING = True
else:
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    # Each process keeps its own cache: a change empties only the cache of the process that
    # made it, so the others' copies of public pages must not outlive a minute (as the
    # navigation's do). With Redis, every process sees the change at once.
    PAGE_CACHE_SECONDS = 60

# Files in S3-compatible object storage when a bucket is named, so that app servers keep none;
# otherwise on local disk (MEDIA_ROOT, PRIVATE_MEDIA_ROOT) as in the demo. Keys come from
# AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or boto3's other sources (an instance role, say).
S3_BUCKET = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if S3_BUCKET:
    _s3_options = {
        "bucket_name": S3_BUCKET,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
        "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
    }
    STORAGES = {
        **STORAGES,
        # Images with plain URLs; Wagtail's documents with none (served by the document view).
        "default": {"BACKEND": "core.s3_storage.S3MediaStorage", "OPTIONS": _s3_options},
        # Councils' evidence files: no URL at all, streamed by the scoped view.
        "evidence": {"BACKEND": "core.s3_storage.PrivateS3Storage", "OPTIONS": _s3_options},
    }
    # Pages and the admin show images from the bucket (or the domain in front of it).
    CONTENT_SECURITY_POLICY = with_image_origins(
        CONTENT_SECURITY_POLICY, image_origins(**_s3_options)
    )
    WAGTAIL_ADMIN_CONTENT_SECURITY_POLICY = with_image_origins(
        WAGTAIL_ADMIN_CONTENT_SECURITY_POLICY, image_origins(**_s3_options)
    )

# Leads, reviewers, editors and superusers must use two-factor authentication (accounts.two_factor).
TWO_FACTOR_REQUIRED = _flag("TWO_FACTOR_REQUIRED", True)

# Production runs behind one HTTPS proxy (README, Deploying): the client's address is the last
# one it adds to X-Forwarded-For. Set TRUSTED_PROXY_COUNT to the number of proxies in front.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))

SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading is a one-way commitment for the whole domain: the operator opts in.
SECURE_HSTS_PRELOAD = _flag("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

# SMTP unless a GOV.UK Notify key is given; either way email leaves from the task worker.
if NOTIFY_API_KEY:
    EMAIL_BACKEND = "notifications.email_backends.NotifyEmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _flag("EMAIL_USE_TLS", False)

# Tasks are stored in the database and run by `manage.py db_worker` (django-tasks-db).
INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
