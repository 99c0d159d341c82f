"""Files in S3-compatible object storage (core.s3_storage), as the production settings keep them
when AWS_STORAGE_BUCKET_NAME is set: evidence files and Wagtail's documents go to the bucket,
come back only through the views that check who may have them, never get a URL, and are
deleted from the bucket.

They run against a real S3 endpoint, moto's server in CI (.ci/run starts it):
TEST_S3_ENDPOINT_URL=http://127.0.0.1:5000. Without it they are skipped, unless
S3_TESTS_REQUIRED=1 says they must run.
"""

import io
import os
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

import pytest
from PIL import Image

from core.s3_storage import PrivateS3Storage
from fidelity.models import EvidenceFile
from fidelity.retention import delete_expired_evidence_file
from fidelity.selectors import section_keys
from tests.fidelity.journey import domain_post, section_url
from tests.fidelity.test_bad_input import PDF, PNG
from tests.pages import assert_not_cached

pytestmark = [pytest.mark.s3, pytest.mark.django_db]

ENDPOINT = os.environ.get("TEST_S3_ENDPOINT_URL", "")
REGION = "eu-west-2"
# moto takes any keys; real ones are never needed or read here.
KEYS = {"access_key": "testing", "secret_key": "testing"}


@pytest.fixture
def s3():
    """A boto3 client for the endpoint and a new, empty bucket, emptied and removed after."""
    if not ENDPOINT:
        reason = (
            "TEST_S3_ENDPOINT_URL is not set (start moto_server -H 127.0.0.1 -p 5000 and set it)"
        )
        if os.environ.get("S3_TESTS_REQUIRED") == "1":
            pytest.fail(f"{reason}, and S3_TESTS_REQUIRED=1 says these tests must run.")
        pytest.skip(f"{reason}: object storage tests skipped")
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=ENDPOINT,
        region_name=REGION,
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )
    bucket = f"kit-test-{uuid.uuid4().hex[:16]}"
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    yield client, bucket
    for item in client.list_objects_v2(Bucket=bucket).get("Contents", []):
        client.delete_object(Bucket=bucket, Key=item["Key"])
    client.delete_bucket(Bucket=bucket)


def keys(s3) -> set[str]:
    client, bucket = s3
    return {item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])}


def options(bucket: str) -> dict:
    return {"bucket_name": bucket, "endpoint_url": ENDPOINT, "region_name": REGION, **KEYS}


@pytest.fixture
def bucket_storage(s3, settings, monkeypatch):
    """The production settings' storages, on the test bucket: the default storage through
    STORAGES, evidence through its field (a FileField takes its storage once, at import)."""
    _, bucket = s3
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "core.s3_storage.S3MediaStorage", "OPTIONS": options(bucket)},
    }
    evidence = PrivateS3Storage(**options(bucket))
    monkeypatch.setattr(EvidenceFile._meta.get_field("file"), "storage", evidence)
    return evidence


@pytest.fixture
def domain(draft):
    return section_keys(draft.framework)[1]


@pytest.fixture
def indicator(draft, domain):
    return draft.framework.indicators.filter(domain__slug=domain).first()


def evidence_url(assessment, evidence) -> str:
    return reverse("fidelity:evidence_file", kwargs={"pk": assessment.pk, "file_pk": evidence.pk})


def test_an_evidence_file_goes_to_the_bucket_and_back_only_to_its_council(
    client, s3, bucket_storage, draft, wb_lead, luton_lead, domain, indicator
):
    client.force_login(wb_lead)
    data = domain_post(draft, domain) | {
        f"{domain}-{indicator.slug}-files": SimpleUploadedFile("board minutes.pdf", PDF)
    }
    assert client.post(section_url(draft, domain), data).status_code == 302

    evidence = EvidenceFile.objects.get()
    assert keys(s3) == {evidence.file.name}
    assert evidence.file.name.startswith(f"evidence/{draft.pk}/")
    client_, bucket = s3
    assert client_.get_object(Bucket=bucket, Key=evidence.file.name)["Body"].read() == PDF

    response = client.get(evidence_url(draft, evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="board minutes.pdf"'
    assert_not_cached(response)
    # The section page links to the scoped view, never to the bucket.
    page = client.get(section_url(draft, domain)).content.decode()
    assert evidence_url(draft, evidence) in page
    assert ENDPOINT not in page and bucket not in page

    client.force_login(luton_lead)  # another council's lead
    assert client.get(evidence_url(draft, evidence)).status_code == 404
    client.logout()
    assert client.get(evidence_url(draft, evidence)).status_code == 302  # to sign in


def test_an_evidence_file_has_no_url_signed_or_not(bucket_storage, draft, indicator):
    evidence = EvidenceFile.objects.create(
        assessment=draft,
        indicator=indicator,
        file=ContentFile(PDF, name="plan.pdf"),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    with pytest.raises(NotImplementedError):
        evidence.file.url  # noqa: B018
    with pytest.raises(NotImplementedError):
        bucket_storage.url(evidence.file.name, expire=60)


def test_deleting_an_evidence_file_removes_it_from_the_bucket(s3, bucket_storage, draft, indicator):
    evidence = EvidenceFile.objects.create(
        assessment=draft,
        indicator=indicator,
        file=ContentFile(PDF, name="plan.pdf"),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    assert keys(s3) == {evidence.file.name}

    delete_expired_evidence_file(evidence=evidence)  # how retention deletes it

    assert keys(s3) == set()
    assert not EvidenceFile.objects.exists()


def test_two_files_of_one_name_are_both_kept(s3, bucket_storage):
    first = default_storage.save("original_images/photo.png", ContentFile(PNG))
    second = default_storage.save("original_images/photo.png", ContentFile(PNG))
    assert first != second
    assert keys(s3) == {first, second}


@pytest.fixture
def restricted_document(bucket_storage):
    councils_only = Collection.get_first_root_node().add_child(name="Councils only")
    CollectionViewRestriction.objects.create(
        collection=councils_only, restriction_type=CollectionViewRestriction.LOGIN
    )
    return get_document_model().objects.create(
        title="Restricted plan",
        file=ContentFile(PDF, name="restricted-plan.pdf"),
        collection=councils_only,
    )


def test_a_restricted_document_is_streamed_from_the_bucket_only_to_signed_in_people(
    client, s3, restricted_document, wb_lead
):
    assert keys(s3) == {restricted_document.file.name}
    assert restricted_document.file.name.startswith("documents/")
    assert restricted_document.url == (
        f"/documents/{restricted_document.pk}/{restricted_document.filename}"
    )

    anonymous = client.get(restricted_document.url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/?next=")

    client.force_login(wb_lead)
    response = client.get(restricted_document.url)
    assert response.status_code == 200  # streamed by the app, not a redirect to the bucket
    assert b"".join(response.streaming_content) == PDF
    assert_not_cached(response)


def test_a_public_document_is_streamed_too_and_has_no_url_of_its_own(client, s3, bucket_storage):
    guide = get_document_model().objects.create(
        title="Public guide", file=ContentFile(PDF, name="public-guide.pdf")
    )
    response = client.get(guide.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    with pytest.raises(NotImplementedError):
        guide.file.url  # noqa: B018


def test_deleting_a_document_removes_its_file_from_the_bucket(s3, restricted_document):
    restricted_document.file.delete(save=False)
    restricted_document.delete()
    assert keys(s3) == set()


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def test_images_and_their_renditions_have_plain_urls_in_the_bucket(s3, bucket_storage):
    _, bucket = s3
    image = get_image_model().objects.create(
        title="Team photo", file=ContentFile(png(40, 20), name="team.png"), width=40, height=20
    )
    rendition = image.get_rendition("width-20")

    assert keys(s3) == {image.file.name, rendition.file.name}
    for url in (image.file.url, rendition.url):
        assert url.startswith(f"{ENDPOINT}/{bucket}/") or url.startswith(
            ENDPOINT.replace("://", f"://{bucket}.")
        )
        assert "Signature" not in url and "X-Amz" not in url
