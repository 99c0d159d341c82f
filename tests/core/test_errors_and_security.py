"""Friendly error pages, the Content Security Policy, and production settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import override_settings
from django.urls import path

import pytest

from config import urls as project_urls
from core.views import server_error

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


def test_not_found_page(client, loaded_content):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'href="/search/"' in html


def test_server_error_page_renders_without_a_request_context(rf):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def failing_view(request):
    raise RuntimeError("an unexpected failure")


urlpatterns = [path("fail/", failing_view), *project_urls.urlpatterns]
handler500 = "core.views.server_error"


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_unhandled_exception_shows_the_friendly_page(client):
    client.raise_request_exception = False
    response = client.get("/fail/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


@pytest.mark.parametrize("path", ["/", "/the-model/", "/resources/", "/outcomes/", "/feedback/"])
def test_public_pages_send_a_strict_policy_without_a_nonce(client, loaded_content, path):
    # The same page for every visitor, so it can be cached: every script is a file of our own.
    response = client.get(path)
    policy = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if " " in d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "nonce" not in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts
    assert all(" src=" in tag for tag in scripts), scripts
    assert "nonce=" not in html
    assert not re.search(r"<style\b|\sstyle=", html)


def test_admin_gets_its_own_looser_policy(admin_client, home_page):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" in policy
    assert "nonce-" not in policy


def test_check_deploy_is_clean_under_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x7!k2@q9#z$w5^m8&r3*t6(y1)u4-i0_o=p+a[s]d{f}g|h;j:k<l>",
        "DJANGO_ALLOWED_HOSTS": "kit.example.org",
        "DATABASE_URL": "postgres://user:pass@127.0.0.1:5432/kit",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_secrets(missing):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x7!k2@q9#z$w5^m8&r3*t6(y1)u4-i0_o=p+a[s]d{f}g|h;j:k<l>",
        "DJANGO_ALLOWED_HOSTS": "kit.example.org",
        "DATABASE_URL": "postgres://user:pass@127.0.0.1:5432/kit",
    }
    del env[missing]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_base_settings_are_safe_by_default():
    from config.settings import base

    assert base.DEBUG is False
    assert base.DEMO_DATA_ALLOWED is False
