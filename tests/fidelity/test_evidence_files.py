"""Evidence files keep the extension of their detected type, names people cannot be misled by,
and nothing on disk when a save fails."""

from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from authorities.choices import AuditAction
from fidelity import services
from fidelity.models import Answer, EvidenceFile
from fidelity.selectors import section_keys
from tests.fidelity.journey import domain_post, section_url
from tests.fidelity.test_bad_input import PDF, PNG

pytestmark = pytest.mark.django_db


@pytest.fixture
def domain(draft):
    return section_keys(draft.framework)[1]


@pytest.fixture
def indicator(draft, domain):
    return draft.framework.indicators.filter(domain__slug=domain).first()


def upload(client, draft, domain, indicator, name, content=PDF, **changes):
    data = domain_post(draft, domain, **changes) | {
        f"{domain}-{indicator.slug}-files": SimpleUploadedFile(name, content, "text/html")
    }
    return client.post(section_url(draft, domain), data)


def download(client, draft, evidence):
    return client.get(
        reverse("fidelity:evidence_file", kwargs={"pk": draft.pk, "file_pk": evidence.pk})
    )


def stored_files() -> set[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()}


def test_a_pdf_named_html_is_stored_and_downloaded_as_a_pdf(
    client, draft, wb_lead, domain, indicator
):
    client.force_login(wb_lead)
    assert upload(client, draft, domain, indicator, "report.html").status_code == 302

    evidence = EvidenceFile.objects.get()
    assert (evidence.original_name, evidence.content_type) == ("report.pdf", "application/pdf")
    assert evidence.file.name.endswith(".pdf")
    response = download(client, draft, evidence)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'


def test_a_file_stored_under_its_uploaders_extension_downloads_under_its_types(
    client, draft, wb_lead, indicator
):
    evidence = EvidenceFile.objects.create(
        assessment=draft,
        indicator=indicator,
        file=ContentFile(PNG, name="chart.html"),
        original_name="chart.html",
        content_type="image/png",
        size=len(PNG),
    )
    client.force_login(wb_lead)
    response = download(client, draft, evidence)
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="chart.png"'


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("invoice\u202efdp.exe", "invoicefdp.pdf"),  # right-to-left override: "invoiceexe.pdf"
        ("\u2066minutes\u2069 \u200eMay\u200f.pdf", "minutes May.pdf"),  # isolates and marks
        ("plan\u202a\u202b\u202c\u202d.pdf", "plan.pdf"),  # embeddings and overrides
        ("board\x07\x1b[31m.pdf", "board[31m.pdf"),  # control characters
        ("\u202e.pdf", "evidence.pdf"),  # nothing left of the name
    ],
)
def test_control_and_bidirectional_characters_are_stripped_from_names(
    client, draft, wb_lead, domain, indicator, name, kept
):
    client.force_login(wb_lead)
    assert upload(client, draft, domain, indicator, name).status_code == 302
    evidence = EvidenceFile.objects.get()
    assert evidence.original_name == kept
    assert f'filename="{kept}"' in download(client, draft, evidence)["Content-Disposition"]


@pytest.mark.parametrize("name", ["a" * 101 + ".pdf", "report." + "p" * 200])
def test_a_name_over_100_characters_is_a_form_error_and_the_answers_are_kept(
    client, draft, wb_lead, domain, indicator, name
):
    client.force_login(wb_lead)
    typed = {f"{domain}-{indicator.slug}-note": "Board minutes of May, typed by hand."}
    response = upload(client, draft, domain, indicator, name, level="2", **typed)

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "must be 100 characters or fewer: rename the file and select it again" in html
    assert f'href="#id_{domain}-{indicator.slug}-files"' in html
    assert "Board minutes of May, typed by hand." in html  # the answers typed are still there
    assert f'name="{domain}-{indicator.slug}-level" type="radio" value="2" checked' in html
    assert not EvidenceFile.objects.exists() and not Answer.objects.exists()


def test_a_name_of_100_characters_is_accepted(client, draft, wb_lead, domain, indicator):
    client.force_login(wb_lead)
    name = "a" * 96 + ".pdf"
    assert upload(client, draft, domain, indicator, name).status_code == 302
    assert EvidenceFile.objects.get().original_name == name


def test_files_written_before_a_failed_save_are_removed(
    monkeypatch, draft, wb_lead, domain, indicator
):
    before = stored_files()
    real_audit = services.audit

    def audit_failing_at_the_end(**event):
        if event["action"] == AuditAction.SAVED:  # after every file has been written
            raise RuntimeError("the database went away")
        return real_audit(**event)

    monkeypatch.setattr(services, "audit", audit_failing_at_the_end)
    uploads = [
        services.EvidenceUpload(
            indicator.slug, SimpleUploadedFile(name, PDF), "application/pdf", name
        )
        for name in ("one.pdf", "two.pdf")
    ]
    with pytest.raises(RuntimeError):
        services.save_section(
            assessment=draft,
            key=domain,
            values={indicator.slug: ("1", "")},
            base_revision=0,
            user=wb_lead,
            evidence=uploads,
        )

    assert not EvidenceFile.objects.exists()
    assert stored_files() == before  # no orphan left in the evidence storage
