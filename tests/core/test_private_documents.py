"""Wagtail's documents are kept out of MEDIA_ROOT, so that the web server cannot send them to
anyone: only the document view, which applies a collection's privacy, serves them."""

import importlib
import shutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.http import Http404
from django.views.static import serve

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

import pytest

from tests.pages import assert_not_cached

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%council plan\n%%EOF\n"
move_documents = importlib.import_module("core.migrations.0007_move_documents_out_of_media")


@pytest.fixture
def document(db):
    """Makes documents; their files are deleted afterwards (the rows go with the transaction)."""
    made = []

    def make(title, collection=None):
        made.append(
            get_document_model().objects.create(
                title=title,
                file=ContentFile(PDF, name=f"{title}.pdf"),
                collection=collection or Collection.get_first_root_node(),
            )
        )
        return made[-1]

    yield make
    for doc in made:
        doc.file.delete(save=False)


@pytest.fixture
def restricted(document):
    councils_only = Collection.get_first_root_node().add_child(name="Councils only")
    CollectionViewRestriction.objects.create(
        collection=councils_only, restriction_type=CollectionViewRestriction.LOGIN
    )
    return document("restricted-plan", councils_only)


def served_from_media(rf, name):
    """What the web server (or runserver) serving MEDIA_ROOT at /media/ sends for ``name``."""
    return serve(rf.get(f"/media/{name}"), name, document_root=settings.MEDIA_ROOT)


def test_a_restricted_document_is_not_under_media(rf, restricted):
    assert not Path(restricted.file.path).is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(Http404):
        served_from_media(rf, restricted.file.name)
    assert restricted.url == f"/documents/{restricted.pk}/{restricted.filename}"


def test_a_restricted_document_is_refused_to_anonymous_visitors(client, restricted):
    response = client.get(restricted.url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{settings.LOGIN_URL}?next=")


def test_a_restricted_document_is_served_to_a_signed_in_person(client, restricted, wb_lead):
    client.force_login(wb_lead)
    response = client.get(restricted.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert_not_cached(response)


def test_a_public_document_still_downloads(client, document):
    public = document("public-guide")
    response = client.get(public.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_images_are_still_stored_under_media(db):
    from django.core.files.storage import default_storage

    name = default_storage.save("images/probe.png", ContentFile(b"png"))
    try:
        assert Path(default_storage.path(name)).is_relative_to(Path(settings.MEDIA_ROOT))
        assert default_storage.url(name) == f"{settings.MEDIA_URL}{name}"
    finally:
        default_storage.delete(name)


def test_the_migration_moves_documents_stored_under_media_out_of_it(restricted):
    private = Path(restricted.file.path)
    public = Path(settings.MEDIA_ROOT) / restricted.file.name
    public.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(private, public)  # where documents were kept before

    move_documents.to_private(apps, None)

    assert private.read_bytes() == PDF
    assert not public.exists()
    move_documents.to_public(apps, None)
    assert public.read_bytes() == PDF and not private.exists()
    move_documents.to_private(apps, None)
    assert private.exists()
