"""Evidence files can be removed before submission, by the council's own members only; they are
listed on check your answers and in the print report."""

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.urls import reverse

import pytest

from authorities.choices import AuditAction
from fidelity import services
from fidelity.models import EvidenceFile
from tests.fidelity.factories import answer_everything, submit_round

pytestmark = pytest.mark.django_db


def attach(assessment, user, name="minutes.pdf", indicator=None):
    indicator = indicator or assessment.framework.indicators.first()
    return EvidenceFile.objects.create(
        assessment=assessment,
        indicator=indicator,
        file=ContentFile(b"%PDF-1.7\n", name=name),
        original_name=name,
        content_type="application/pdf",
        size=9,
        uploaded_by=user,
    )


def remove_url(evidence, assessment=None):
    pk = (assessment or evidence.assessment).pk
    return reverse("fidelity:remove_evidence", kwargs={"pk": pk, "file_pk": evidence.pk})


def test_a_member_removes_a_file_after_confirming(
    client, draft, wb_contributor, django_capture_on_commit_callbacks
):
    evidence = attach(draft, wb_contributor)
    storage, name = evidence.file.storage, evidence.file.name
    domain = evidence.indicator.domain.slug
    section = reverse("fidelity:section", kwargs={"pk": draft.pk, "step": domain})
    client.force_login(wb_contributor)
    assert remove_url(evidence) in client.get(section).content.decode()

    page = client.get(remove_url(evidence)).content.decode()
    assert "Are you sure you want to remove ‘minutes.pdf’?" in page
    assert EvidenceFile.objects.exists()  # asking removes nothing

    with django_capture_on_commit_callbacks(execute=True):
        with_commit = client.post(remove_url(evidence))
    assert with_commit["Location"] == f"{section}#indicator-{evidence.indicator.slug}"
    assert not EvidenceFile.objects.exists()
    assert not storage.exists(name)
    event = draft.audit_events.get(action=AuditAction.EVIDENCE_REMOVED)
    assert event.user == wb_contributor
    assert event.detail == f"minutes.pdf for {evidence.indicator.slug}"
    assert "‘minutes.pdf’ has been removed." in client.get(with_commit["Location"]).content.decode()


def test_removing_from_check_your_answers_returns_there(client, draft, wb_lead):
    evidence = attach(draft, wb_lead)
    client.force_login(wb_lead)
    check = reverse("fidelity:check_answers", kwargs={"pk": draft.pk})
    assert f"{remove_url(evidence)}?return=check" in client.get(check).content.decode()
    response = client.post(remove_url(evidence), {"return": "check"})
    assert response["Location"] == check
    assert not EvidenceFile.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_council_cannot_remove_a_file(client, draft, wb_lead, luton_lead, method):
    evidence = attach(draft, wb_lead)
    client.force_login(luton_lead)
    assert getattr(client, method)(remove_url(evidence)).status_code == 404
    assert EvidenceFile.objects.get() == evidence
    assert evidence.file.storage.exists(evidence.file.name)


def test_a_file_is_removed_only_through_its_own_assessment(client, submitted, wb_lead):
    """A file of the council's submitted round, asked for under its draft's number: 404."""
    other = services.start_assessment(user=wb_lead, authority=submitted.authority, round=6)
    evidence = attach(submitted, wb_lead)
    client.force_login(wb_lead)
    assert client.post(remove_url(evidence, assessment=other)).status_code == 404
    assert EvidenceFile.objects.get() == evidence


@pytest.mark.parametrize("method", ["get", "post"])
def test_after_submission_a_file_cannot_be_removed(client, submitted, wb_lead, method):
    evidence = attach(submitted, wb_lead)
    client.force_login(wb_lead)
    response = getattr(client, method)(remove_url(evidence))
    results = reverse("fidelity:results", kwargs={"pk": submitted.pk})
    assert response["Location"] == results
    assert (
        "This assessment has been submitted, so its evidence files can no longer be removed."
        in client.get(results).content.decode()
    )
    assert EvidenceFile.objects.get() == evidence
    assert evidence.file.storage.exists(evidence.file.name)
    assert not submitted.audit_events.filter(action=AuditAction.EVIDENCE_REMOVED).exists()


def test_the_service_refuses_a_submitted_assessment_and_another_councils_member(
    submitted, wb_lead, luton_lead
):
    evidence = attach(submitted, wb_lead)
    with pytest.raises(services.AssessmentLocked):
        services.remove_evidence(assessment=submitted, evidence_pk=evidence.pk, user=wb_lead)
    with pytest.raises(PermissionDenied):
        services.remove_evidence(assessment=submitted, evidence_pk=evidence.pk, user=luton_lead)
    assert evidence.file.storage.exists(evidence.file.name)


def test_check_your_answers_and_the_print_report_list_the_files(client, draft, wb_lead):
    answer_everything(draft, wb_lead, level="1")
    indicator = draft.framework.indicators.get(slug="mi-training-coverage")
    evidence = attach(draft, wb_lead, name="MI training register.pdf", indicator=indicator)
    client.force_login(wb_lead)
    download = reverse("fidelity:evidence_file", kwargs={"pk": draft.pk, "file_pk": evidence.pk})
    check = client.get(reverse("fidelity:check_answers", kwargs={"pk": draft.pk}))
    content = check.content.decode()
    assert f'href="{download}">MI training register.pdf</a>' in content
    submit_round(draft, wb_lead)
    report = client.get(reverse("fidelity:results_print", kwargs={"pk": draft.pk}))
    assert "MI training register.pdf (9\xa0bytes)" in report.content.decode()
    # Submitted: listed without a way to remove it.
    read_only = client.get(reverse("fidelity:check_answers", kwargs={"pk": draft.pk}))
    assert "MI training register.pdf" in read_only.content.decode()
    assert remove_url(evidence) not in read_only.content.decode()
