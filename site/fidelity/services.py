"""Writes to councils' assessments. Every change is one transaction and leaves an audit event."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from authorities.choices import AuditAction, MembershipRole
from authorities.models import Authority
from authorities.permissions import check_lead, check_member
from authorities.services import audit
from core.conflicts import EditConflict
from core.dates import govuk_datetime
from fidelity import context
from fidelity.choices import SUBMITTED_STATUSES, AssessmentMode, AssessmentStatus
from fidelity.models import (
    Answer,
    Assessment,
    EvidenceFile,
    FrameworkVersion,
    Indicator,
    PlannedAction,
    Section,
)
from fidelity.scoring import stored_result
from fidelity.selectors import (
    live_score,
    person,
    section_keys,
    section_values,
    sections_incomplete,
)
from fidelity.signals import assessment_submitted
from notifications.choices import NotificationKind
from notifications.services import notify


class AssessmentError(Exception):
    """A change refused for a reason the user can act on; the message says what to do."""


class AssessmentExists(AssessmentError):
    def __init__(self, existing: Assessment):
        self.existing = existing
        super().__init__(
            f"{existing.authority} already has a {existing.get_round_display()} assessment."
        )


class AssessmentLocked(AssessmentError):
    pass


class IncompleteSections(AssessmentError):
    def __init__(self, keys: list[str]):
        self.keys = keys
        super().__init__("Complete every section before you submit.")


@dataclass(frozen=True)
class SectionConflict(Exception):
    """Someone else saved the section after this form was opened."""

    section: Section
    theirs: dict

    def __str__(self) -> str:
        return f"section {self.section.key} was saved at revision {self.section.revision}"


@dataclass(frozen=True)
class EvidenceUpload:
    indicator_slug: str
    file: UploadedFile
    content_type: str  # detected from the content (forms.DomainSectionForm)
    name: str  # models.evidence_name: what people see, with the detected type's extension


class _FilesRemovedOnFailure:
    """Evidence files written in the block (listed by it) are deleted from storage if it fails:
    their rows go with the rolled-back transaction, but the files would stay on disk. A class,
    not @contextmanager, which writes to the exception it lets through (SectionConflict is frozen)."""

    def __enter__(self) -> list[EvidenceFile]:
        self.written: list[EvidenceFile] = []
        return self.written

    def __exit__(self, exc_type, exc, traceback) -> None:
        if exc_type is not None:
            for evidence in self.written:
                evidence.file.delete(save=False)


@transaction.atomic
def start_assessment(
    *,
    user,
    authority: Authority,
    round: int,
    prefill_from: Assessment | None = None,
    mode: str = AssessmentMode.SHARED,
) -> Assessment:
    """A new draft on the current framework, optionally carrying over a submitted round."""
    check_member(user=user, authority=authority)
    if mode == AssessmentMode.INDEPENDENT and prefill_from is not None:
        raise AssessmentError(
            "Members rating on their own start with empty answers: choose not to copy the last "
            "assessment, or choose one shared set of answers"
        )
    framework = FrameworkVersion.objects.filter(is_current=True).first()
    if framework is None:
        raise AssessmentError("The fidelity framework has not been loaded yet.")
    existing = Assessment.objects.filter(authority=authority, round=round).first()
    if existing is not None:
        raise AssessmentExists(existing)
    if prefill_from is not None:
        # Read afresh: the caller's copy may predate answers saved since.
        prefill_from = Assessment.objects.filter(
            pk=prefill_from.pk, authority=authority, status__in=SUBMITTED_STATUSES
        ).first()
        if prefill_from is None:
            raise AssessmentError("Only a submitted assessment of the same council can be copied.")
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                authority=authority,
                framework=framework,
                round=round,
                created_by=user,
                prefilled_from=prefill_from,
                mode=mode,
            )
    except IntegrityError as error:  # another member started it a moment ago
        raise AssessmentExists(Assessment.objects.get(authority=authority, round=round)) from error
    detail = ""
    with _FilesRemovedOnFailure() as copied_files:
        if prefill_from is not None:
            _copy_answers(source=prefill_from, target=assessment, user=user, files=copied_files)
            detail = f"pre-filled from {prefill_from.get_round_display()}"
        audit(
            authority=assessment.authority_id,
            subject=assessment,
            user=user,
            action=AuditAction.STARTED,
            detail=detail,
        )
    return assessment


def _copy_answers(
    *, source: Assessment, target: Assessment, user, files: list[EvidenceFile]
) -> None:
    # Answers carry over by indicator slug, so a later framework version keeps what still applies.
    for field, value in context.values_of(source).items():
        setattr(target, field, value)
    target.save(update_fields=context.FIELDS)
    indicators = {i.slug: i for i in target.framework.indicators.select_related("domain")}
    copied = [
        Answer(
            assessment=target,
            indicator=indicators[answer.indicator.slug],
            level=answer.level,
            evidence_note=answer.evidence_note,
            updated_by=user,
        )
        for answer in source.answers.select_related("indicator")
        if answer.indicator.slug in indicators
    ]
    Answer.objects.bulk_create(copied)
    _copy_evidence_files(source=source, target=target, indicators=indicators, copies=files)
    # Carried-over sections are "in progress": someone must check and confirm each one.
    keys = {context.KEY} | {indicators[a.indicator.slug].domain.slug for a in copied}
    Section.objects.bulk_create(
        Section(assessment=target, key=key, revision=1, completed=False, updated_by=user)
        for key in section_keys(target.framework)
        if key in keys
    )


def _copy_evidence_files(
    *, source: Assessment, target: Assessment, indicators: dict, copies: list[EvidenceFile]
) -> None:
    """Each file of the earlier round is stored again for the new one, so that removing it
    from either round leaves the other's intact. ``copies`` collects them for the caller to
    delete if the transaction fails."""
    for evidence in source.evidence_files.select_related("indicator"):
        indicator = indicators.get(evidence.indicator.slug)
        if indicator is None:
            continue
        copy = EvidenceFile(
            assessment=target,
            indicator=indicator,
            original_name=evidence.original_name,
            content_type=evidence.content_type,
            size=evidence.size,
            uploaded_by=evidence.uploaded_by,
        )
        with evidence.file.open("rb") as stored:
            copy.file.save(evidence.original_name, File(stored), save=False)
        copies.append(copy)
        copy.save()


def save_section(
    *,
    assessment: Assessment,
    key: str,
    values: Mapping,
    base_revision: int,
    user,
    evidence: Iterable[EvidenceUpload] = (),
    agreed: bool = False,
) -> Section:
    """Store one section's answers if nobody else saved it since ``base_revision``.

    ``values`` maps context field names, or indicator slugs to (level or None, note).
    All or nothing: if anything fails, up to the commit, the files it stored are deleted too.
    In a round rated independently a domain's answers are the agreed ones: only the consensus
    step (``consensus_services.record_consensus``, which passes ``agreed``) writes them.
    """
    # The transaction sits inside, so that a failed commit also removes the files.
    with _FilesRemovedOnFailure() as written, transaction.atomic():
        return _save_section(
            assessment=assessment,
            key=key,
            values=values,
            base_revision=base_revision,
            user=user,
            evidence=evidence,
            written=written,
            agreed=agreed,
        )


def _save_section(
    *,
    assessment: Assessment,
    key: str,
    values: Mapping,
    base_revision: int,
    user,
    evidence: Iterable[EvidenceUpload],
    written: list[EvidenceFile],
    agreed: bool,
) -> Section:
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    check_member(user=user, authority=locked.authority_id)
    if not locked.is_editable:
        raise AssessmentLocked(
            "This assessment has been submitted, so its answers can no longer change."
        )
    if key not in section_keys(locked.framework):
        raise ValueError(f"{key} is not a section of this assessment")
    if locked.is_independent and key != context.KEY and not agreed:
        raise AssessmentError(
            "In this round members rate on their own and a lead records the agreed answers in "
            "the consensus step"
        )
    Section.objects.get_or_create(assessment=locked, key=key)
    section = Section.objects.select_for_update().get(assessment=locked, key=key)
    if section.revision != base_revision:
        raise SectionConflict(section=section, theirs=section_values(locked, key))

    if key == context.KEY:
        for field in context.FIELDS:
            setattr(locked, field, values.get(field))
        section.completed = context.is_complete(values)
        title = "Context"
    else:
        indicators = {i.slug: i for i in locked.framework.indicators.filter(domain__slug=key)}
        existing = {a.indicator_id: a for a in locked.answers.filter(indicator__domain__slug=key)}
        for slug, (level, note) in values.items():
            indicator = indicators[slug]
            answer = existing.get(indicator.pk)
            if level in (None, ""):
                if answer is not None:
                    answer.delete()
                continue
            if answer is None:
                Answer.objects.create(
                    assessment=locked,
                    indicator=indicator,
                    level=level,
                    evidence_note=note,
                    updated_by=user,
                )
            elif (answer.level, answer.evidence_note) != (level, note):
                answer.level, answer.evidence_note, answer.updated_by = level, note, user
                answer.save()
        section.completed = locked.answers.filter(indicator__domain__slug=key).count() == len(
            indicators
        )
        title = locked.framework.domains.get(slug=key).title
        for upload in evidence:
            stored = EvidenceFile(
                assessment=locked,
                indicator=indicators[upload.indicator_slug],
                original_name=upload.name,
                content_type=upload.content_type,
                size=upload.file.size,
                uploaded_by=user,
            )
            written.append(stored)  # listed before the write, which may fail half-way
            stored.file.save(upload.name, upload.file)
            audit(
                authority=locked.authority_id,
                subject=locked,
                user=user,
                action=AuditAction.EVIDENCE_ADDED,
                detail=f"{upload.name} for {upload.indicator_slug}",
            )

    locked.current_section = key
    locked.save()
    section.revision += 1
    section.updated_by = user
    section.save()
    audit(
        authority=locked.authority_id,
        subject=locked,
        user=user,
        action=AuditAction.SAVED,
        detail=f"{title} ({'completed' if section.completed else 'in progress'})",
    )
    return section


@transaction.atomic
def submit_assessment(*, assessment: Assessment, user, declaration: bool) -> Assessment:
    """Lock the assessment, all or nothing: only a lead, only complete, only once."""
    locked = (
        Assessment.objects.select_for_update().select_related("authority").get(pk=assessment.pk)
    )
    check_lead(
        user=user,
        authority=locked.authority_id,
        message="Only a council lead can submit the assessment.",
    )
    if not locked.is_editable:
        raise AssessmentLocked(
            f"This assessment was already submitted at {govuk_datetime(locked.submitted_at)}."
        )
    incomplete = sections_incomplete(locked)
    if incomplete:
        raise IncompleteSections(incomplete)
    if not declaration:
        raise AssessmentError("Confirm the declaration to submit the assessment.")
    locked.status = AssessmentStatus.SUBMITTED
    locked.submitted_by = user
    locked.submitted_at = timezone.now()
    locked.scores = stored_result(live_score(locked))
    locked.save(update_fields=["status", "submitted_by", "submitted_at", "scores"])
    audit(authority=locked.authority_id, subject=locked, user=user, action=AuditAction.SUBMITTED)
    assessment_submitted.send(sender=Assessment, assessment=locked, user=user)
    return locked


@transaction.atomic
def mark_ready_for_sign_off(*, assessment: Assessment, user) -> Assessment:
    """A member tells the council's leads that every section is done."""
    locked = (
        Assessment.objects.select_for_update().select_related("authority").get(pk=assessment.pk)
    )
    check_member(user=user, authority=locked.authority_id)
    if not locked.is_editable:
        raise AssessmentLocked("This assessment has already been submitted.")
    incomplete = sections_incomplete(locked)
    if incomplete:
        raise IncompleteSections(incomplete)
    locked.ready_for_sign_off_by = user
    locked.ready_for_sign_off_at = timezone.now()
    locked.save(update_fields=["ready_for_sign_off_by", "ready_for_sign_off_at"])
    audit(
        authority=locked.authority_id,
        subject=locked,
        user=user,
        action=AuditAction.READY_FOR_SIGN_OFF,
    )
    leads = [
        membership.user
        for membership in locked.authority.memberships.filter(
            role=MembershipRole.LEAD
        ).select_related("user")
        if membership.user_id != user.pk
    ]
    name = user.get_full_name() or user.get_username()
    notify(
        recipients=leads,
        kind=NotificationKind.READY_FOR_SIGN_OFF,
        subject=f"{locked} is ready for sign-off",
        body=(
            f"{name} has completed every section of {locked.authority}'s "
            f"{locked.get_round_display().lower()} self-assessment. Check the answers and "
            "submit it when you are content."
        ),
        link=reverse("fidelity:check_answers", args=[locked.pk]),
    )
    return locked


class PlannedActionConflict(EditConflict):
    """Someone saved the action after the form was drawn; nothing was saved."""

    def __init__(self, planned: PlannedAction):
        self.planned = planned
        super().__init__(
            what="this action",
            revision=planned.revision,
            saved_by=person(planned.updated_by) if planned.updated_by else None,
            saved_at=planned.updated_at,
            theirs={"owner": planned.owner, "due_date": planned.due_date, "status": planned.status},
        )


@transaction.atomic
def update_planned_action(
    *,
    assessment: Assessment,
    indicator: Indicator,
    base_revision: int,
    owner: str,
    due_date: datetime.date | None,
    status: str,
    user,
) -> PlannedAction:
    """A council member records who owns an action of the plan, when it is due and how it
    stands, if nobody saved it since ``base_revision`` (0 for an action with nothing recorded
    yet): PlannedActionConflict if they did."""
    check_member(user=user, authority=assessment.authority_id)
    # Only this row is locked: PostgreSQL locks no nullable side of an outer join.
    planned = (
        PlannedAction.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(assessment=assessment, indicator=indicator)
        .first()
    )
    if (planned.revision if planned else 0) != base_revision:
        # A form drawn from a revision the plan no longer holds meets an empty action.
        raise PlannedActionConflict(
            planned or PlannedAction(assessment=assessment, indicator=indicator, revision=0)
        )
    values = {"owner": owner, "due_date": due_date, "status": status, "updated_by": user}
    if planned is None:
        try:
            with transaction.atomic():
                planned = PlannedAction.objects.create(
                    assessment=assessment, indicator=indicator, revision=1, **values
                )
        except IntegrityError:  # another member recorded it a moment ago
            raise PlannedActionConflict(
                PlannedAction.objects.select_related("updated_by").get(
                    assessment=assessment, indicator=indicator
                )
            ) from None
    else:
        for field, value in values.items():
            setattr(planned, field, value)
        planned.revision += 1
        planned.save()
    audit(
        authority=assessment.authority_id,
        subject=assessment,
        user=user,
        action=AuditAction.ACTION_UPDATED,
        detail=f"{indicator.title}: {planned.get_status_display()}",
    )
    return planned
