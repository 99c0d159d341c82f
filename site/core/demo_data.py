"""Demo logins from fixtures/demo.yaml: illustrative only, refused where settings forbid them."""

from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

import yaml


@dataclass(frozen=True)
class DemoLogin:
    username: str
    who: str


def load_demo_users(*, fixture: Path, password: str) -> list[DemoLogin]:
    """Create or refresh every demo user in ``fixture``; returns who can log in as what."""
    if not settings.DEMO_DATA_ALLOWED:
        raise ImproperlyConfigured(
            "Demo data is not allowed under these settings (DEMO_DATA_ALLOWED is off)."
        )
    data = yaml.safe_load(fixture.read_text(encoding="utf-8"))
    users = get_user_model().objects
    logins = []
    with transaction.atomic():
        for entry in data["users"]:
            user, _ = users.update_or_create(
                username=entry["username"],
                defaults={
                    "first_name": entry.get("first_name", ""),
                    "last_name": entry.get("last_name", ""),
                    "email": entry.get("email", ""),
                    "is_active": True,
                },
            )
            user.set_password(password)
            user.save()
            user.groups.set(Group.objects.filter(name__in=entry.get("groups", [])))
            logins.append(DemoLogin(entry["username"], entry["who"]))
        # Apps that core must not import add their demo data through their AppConfig.
        for config in apps.get_app_configs():
            if hasattr(config, "load_demo_data"):
                config.load_demo_data(data)
    return logins
