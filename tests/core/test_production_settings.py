"""The production settings, imported in a process of their own as a server would: files in the
bucket when one is named, on local disk otherwise; cache and sessions in Redis and the database."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASE_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "x7!k2@q9#z$w5^m8&r3*t6(y1)u4-i0_o=p+a[s]d{f}g|h;j:k<l>",
    "DJANGO_ALLOWED_HOSTS": "kit.example.org",
    "DATABASE_URL": "postgres://user:pass@127.0.0.1:5432/kit",
}
# What a server would see of the settings, and of its storages (made, never connected).
PROBE = """
import json
from django.conf import settings
from django.core.files.storage import storages
found = {
    "storages": {alias: settings.STORAGES[alias]["BACKEND"] for alias in settings.STORAGES},
    "cache": settings.CACHES["default"]["BACKEND"],
    "session_engine": settings.SESSION_ENGINE,
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
    "admin_img_src": settings.WAGTAIL_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
    "urls": {},
}
for alias, name in [("default", "documents/plan.pdf"), ("default", "images/photo.width-400.png"),
                    ("evidence", "evidence/1/abc.pdf")]:
    try:
        found["urls"][f"{alias} {name}"] = storages[alias].url(name)
    except NotImplementedError:
        found["urls"][f"{alias} {name}"] = None
print(json.dumps(found))
"""


def production_settings(**env) -> dict:
    environment = {
        **{
            key: value
            for key, value in os.environ.items()
            if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"} and not key.startswith("AWS_")
        },
        **BASE_ENV,
        **env,
    }
    result = subprocess.run(  # noqa: S603 (this file's own probe, no outside input)
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def with_bucket():
    return production_settings(
        AWS_STORAGE_BUCKET_NAME="kit-files",
        AWS_S3_REGION_NAME="eu-west-2",
        AWS_ACCESS_KEY_ID="AKIAEXAMPLE",
        AWS_SECRET_ACCESS_KEY="example-secret",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )


def test_a_named_bucket_takes_every_uploaded_file(with_bucket):
    assert with_bucket["storages"] == {
        "default": "core.s3_storage.S3MediaStorage",
        "staticfiles": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "evidence": "core.s3_storage.PrivateS3Storage",
    }


def test_private_files_in_the_bucket_have_no_url_and_images_a_plain_one(with_bucket):
    urls = with_bucket["urls"]
    assert urls["default documents/plan.pdf"] is None
    assert urls["evidence evidence/1/abc.pdf"] is None
    image = urls["default images/photo.width-400.png"]
    assert image == "https://kit-files.s3.amazonaws.com/images/photo.width-400.png" or (
        image == "https://kit-files.s3.eu-west-2.amazonaws.com/images/photo.width-400.png"
    )
    assert "X-Amz" not in image and "Signature" not in image


def test_pages_and_the_admin_may_show_images_from_the_bucket(with_bucket):
    image = with_bucket["urls"]["default images/photo.width-400.png"]
    origin = "/".join(image.split("/")[:3])
    assert origin in with_bucket["img_src"]
    assert origin in with_bucket["admin_img_src"]


def test_sessions_are_read_from_redis_and_kept_in_the_database(with_bucket):
    assert with_bucket["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert with_bucket["session_engine"] == "django.contrib.sessions.backends.cached_db"


def test_a_custom_domain_in_front_of_the_bucket_serves_the_images():
    found = production_settings(
        AWS_STORAGE_BUCKET_NAME="kit-files", AWS_S3_CUSTOM_DOMAIN="media.kit.example.org"
    )
    assert (
        found["urls"]["default images/photo.width-400.png"]
        == "https://media.kit.example.org/images/photo.width-400.png"
    )
    assert "https://media.kit.example.org" in found["img_src"]
    assert found["urls"]["default documents/plan.pdf"] is None


def test_without_a_bucket_or_redis_files_stay_on_disk_and_sessions_in_the_database():
    found = production_settings()
    assert found["storages"]["default"] == "core.storage.MediaStorage"
    assert found["storages"]["evidence"] == "django.core.files.storage.FileSystemStorage"
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["session_engine"] == "django.contrib.sessions.backends.db"
    assert found["urls"]["default documents/plan.pdf"] is None
    assert found["img_src"] == ["'self'", "data:"]


# What gunicorn's master does before it forks the workers (gunicorn.conf.py, preload_app).
WSGI_PROBE = """
import sys
import config.wsgi
from django.conf import settings
from django.db import connections
imported = settings.ROOT_URLCONF in sys.modules and "matplotlib.figure" in sys.modules
print(imported, any(c.connection for c in connections.all()))
"""


def test_the_wsgi_module_imports_every_view_and_connects_to_nothing():
    """The workers start with the views imported, and share no connection: a database or Redis
    connection made before the fork would be used by every worker at once."""
    environment = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        **BASE_ENV,
        "REDIS_URL": "redis://127.0.0.1:1/0",  # nothing listens there: any use would fail
    }
    result = subprocess.run(  # noqa: S603 (this file's own probe, no outside input)
        [sys.executable, "-c", WSGI_PROBE],
        cwd=ROOT / "site",
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["True", "False"]
