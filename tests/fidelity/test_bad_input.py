"""Bad input gets a GOV.UK error summary or a 404/400, and the stored data stays as it was."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

import pytest

from fidelity.models import Answer, EvidenceFile, Section
from fidelity.selectors import section_keys
from tests.fidelity.journey import domain_post, post_context, section_url

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def domain(draft):
    return section_keys(draft.framework)[1]


@pytest.fixture
def indicator(draft, domain):
    return draft.framework.indicators.filter(domain__slug=domain).first()


def test_a_level_outside_0_to_2_is_an_error_and_nothing_is_saved(
    client, draft, wb_lead, domain, indicator
):
    client.force_login(wb_lead)
    data = domain_post(draft, domain) | {f"{domain}-{indicator.slug}-level": "3"}
    response = client.post(section_url(draft, domain), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content and "Select 0, 1, 2" in content
    assert f'href="#id_{domain}-{indicator.slug}-level_0"' in content
    assert not Answer.objects.exists() and not Section.objects.filter(key=domain).exists()


def test_na_where_not_allowed_is_refused(client, draft, wb_lead, domain):
    client.force_login(wb_lead)
    strict = draft.framework.indicators.filter(domain__slug=domain, allows_na=False).first()
    data = domain_post(draft, domain) | {f"{domain}-{strict.slug}-level": "na"}
    assert "There is a problem" in client.post(section_url(draft, domain), data).content.decode()
    assert not Answer.objects.exists()


def test_a_2_without_an_evidence_note_is_an_error(client, draft, wb_lead, domain, indicator):
    client.force_login(wb_lead)
    data = domain_post(draft, domain, level="2") | {f"{domain}-{indicator.slug}-note": "  "}
    content = client.post(section_url(draft, domain), data).content.decode()
    assert f"Enter the evidence for {indicator.title}" in content
    assert not Answer.objects.exists()


def test_unanswered_questions_block_continue_but_not_save_for_later(
    client, draft, wb_lead, domain, indicator
):
    client.force_login(wb_lead)
    data = {k: v for k, v in domain_post(draft, domain).items() if not k.endswith("-level")}
    data[f"{domain}-{indicator.slug}-level"] = "1"
    content = client.post(section_url(draft, domain), data).content.decode()
    assert "Select how far this is in place" in content
    assert not Answer.objects.exists()
    response = client.post(section_url(draft, domain), data | {"save_for_later": "1"})
    assert response.status_code == 302
    assert Answer.objects.get().indicator == indicator
    assert not Section.objects.get(key=domain).completed


def test_context_numbers_and_dates_are_checked(client, draft, wb_lead):
    client.force_login(wb_lead)
    content = post_context(
        client,
        draft,
        **{
            "context-teams": "six",
            "context-mi_trained_percent": "140",
            "context-domestic_abuse_posts_filled": "9",
            "context-workbook_live_on-month": "",
        },
    ).content.decode()
    assert "The number of teams must be a whole number" in content
    assert "between 0 and 100" in content
    assert "cannot be more than the posts funded (4)" in content
    assert "must include a month" in content
    content = post_context(
        client,
        draft,
        **{"context-workbook_live_on-day": "31", "context-workbook_live_on-month": "2"},
    ).content.decode()
    assert "must be a real date" in content
    draft.refresh_from_db()
    assert draft.teams is None


def test_evidence_files_are_stored_privately_and_typed_from_their_content(
    client, draft, wb_lead, domain, indicator
):
    client.force_login(wb_lead)
    data = domain_post(draft, domain) | {
        f"{domain}-{indicator.slug}-files": [
            SimpleUploadedFile("minutes.pdf", PDF, content_type="application/pdf"),
            SimpleUploadedFile(
                "structure.docx", docx_bytes(), content_type="application/octet-stream"
            ),
        ]
    }
    assert client.post(section_url(draft, domain), data).status_code == 302
    files = list(EvidenceFile.objects.order_by("original_name"))
    assert [(f.original_name, f.content_type) for f in files] == [
        ("minutes.pdf", "application/pdf"),
        (
            "structure.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ]
    assert "minutes" not in files[0].file.name  # the stored name is random
    download = client.get(
        reverse("fidelity:evidence_file", kwargs={"pk": draft.pk, "file_pk": files[0].pk})
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert 'attachment; filename="minutes.pdf"' in download["Content-Disposition"]


def test_a_file_of_the_wrong_type_is_refused_whatever_its_name(
    client, draft, wb_lead, domain, indicator
):
    client.force_login(wb_lead)
    data = domain_post(draft, domain) | {
        f"{domain}-{indicator.slug}-files": SimpleUploadedFile(
            "report.pdf", b"#!/bin/sh\necho not a pdf\n", content_type="application/pdf"
        )
    }
    content = client.post(section_url(draft, domain), data).content.decode()
    assert "report.pdf must be a PDF, Word, Excel, PNG or JPEG file" in content
    assert not EvidenceFile.objects.exists() and not Answer.objects.exists()


@override_settings(EVIDENCE_MAX_BYTES=1024)
def test_a_file_too_big_is_refused(client, draft, wb_lead, domain, indicator):
    client.force_login(wb_lead)
    data = domain_post(draft, domain) | {
        f"{domain}-{indicator.slug}-files": SimpleUploadedFile("big.png", PNG + b"\x00" * 2048)
    }
    content = client.post(section_url(draft, domain), data).content.decode()
    assert "big.png is 2.1\xa0KB: each file must be smaller than 1.0\xa0KB" in content
    assert not EvidenceFile.objects.exists() and not Answer.objects.exists()


def test_a_tampered_step_name_is_a_404(client, draft, wb_lead):
    client.force_login(wb_lead)
    assert client.get(section_url(draft, "no-such-section")).status_code == 404
    assert client.post(section_url(draft, "no-such-section"), {}).status_code == 404


def test_a_posted_step_that_disagrees_with_the_url_is_refused(client, draft, wb_lead, domain):
    client.force_login(wb_lead)
    data = domain_post(draft, domain)  # says it is the domain step...
    response = client.post(section_url(draft, "context"), data)  # ...posted to the context page
    assert response.status_code == 400
    assert not Answer.objects.exists()


def test_a_tampered_assessment_id_is_a_404(client, draft, wb_lead):
    client.force_login(wb_lead)
    assert (
        client.get(reverse("fidelity:task_list", kwargs={"pk": draft.pk + 999})).status_code == 404
    )
