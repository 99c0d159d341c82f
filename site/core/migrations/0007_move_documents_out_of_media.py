"""Wagtail's documents move from MEDIA_ROOT, which the web server serves to anyone, to the
default storage's private location (core.storage.MediaStorage), which only the document view
reads. Files only: the names stored in the database stay the same."""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import migrations
from django.utils._os import safe_join


def _public_path(name: str) -> Path:
    return Path(safe_join(settings.MEDIA_ROOT, name))


def _move(source: Path, target: Path) -> None:
    if source.is_file() and not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, target)


def _document_names(apps):
    return apps.get_model("wagtaildocs", "Document").objects.values_list("file", flat=True)


def to_private(apps, schema_editor):
    if not hasattr(default_storage, "is_private"):  # another storage: nothing is moved
        return
    for name in _document_names(apps):
        if default_storage.is_private(name):
            _move(_public_path(name), Path(default_storage.path(name)))


def to_public(apps, schema_editor):
    if not hasattr(default_storage, "is_private"):
        return
    for name in _document_names(apps):
        if default_storage.is_private(name):
            _move(Path(default_storage.path(name)), _public_path(name))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_key_figure_year_optional"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(to_private, to_public, elidable=True)]
