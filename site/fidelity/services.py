"""Writes to councils' assessments. Every change is one transaction and leaves an audit event."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from authorities.choices import AuditAction, MembershipRole
from authorities.models import Authority
from authorities.permissions import check_lead, check_member
from authorities.services import audit
from core.conflicts import EditConflict
from core.dates import govuk_datetime
from fidelity import context
from fidelity.choices import (
    SUBMITTED_STATUSES,
    ActionClosure,
    ActionStatus,
    AssessmentMode,
    AssessmentStatus,
    Level,
)
from fidelity.models import (
    ActionUpdate,
    Answer,
    Assessment,
    EvidenceFile,
    FrameworkVersion,
    Indicator,
    PlannedAction,
    Section,
)
from fidelity.scoring import NA, stored_result
from fidelity.selectors import (
    context_warnings,
    live_score,
    person,
    plan_superseded_by,
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


class PlanReadOnly(AssessmentError):
    """The plan of a round a later round has replaced: its open actions carried over there."""

    def __init__(self, later: Assessment):
        self.later = later
        super().__init__(
            f"This plan is read-only: the {later.get_round_display()} round replaced it, and its "
            f"open actions carried over there. Update them in the {later.get_round_display()} plan."
        )


class IncompleteSections(AssessmentError):
    def __init__(self, keys: list[str]):
        self.keys = keys
        super().__init__("Complete every section before you submit.")


class UnconfirmedWarnings(AssessmentError):
    """Submitting without confirming every answer the context section contradicts, as it
    stands now (another member may have changed an answer since the page was drawn)."""

    def __init__(self):
        super().__init__(
            "Confirm that you have checked the answers the context section contradicts, or "
            "change them, before you submit"
        )


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
        section.completed = context.is_complete(values) and context.is_consistent(values)
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
        section.completed = _every_answer_valid(
            indicators.values(), locked.answers.filter(indicator__domain__slug=key)
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


def _every_answer_valid(indicators: Iterable[Indicator], answers: Iterable[Answer]) -> bool:
    """Every indicator answered as the framework allows: "not applicable" only where it may be,
    and a 2 with its evidence note. Only then is a section completed, however it was saved."""
    by_indicator = {answer.indicator_id: answer for answer in answers}
    for indicator in indicators:
        answer = by_indicator.get(indicator.pk)
        if answer is None:
            return False
        if answer.level == Level.NOT_APPLICABLE and not indicator.allows_na:
            return False
        if answer.level == Level.FULL and not answer.evidence_note.strip():
            return False
    return True


@transaction.atomic
def remove_evidence(*, assessment: Assessment, evidence_pk: int, user) -> EvidenceFile:
    """Take an evidence file off a draft: its row now, its stored file once the deletion is
    committed (a rolled-back removal keeps it). EvidenceFile.DoesNotExist for a file that is not
    this assessment's."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    check_member(user=user, authority=locked.authority_id)
    if not locked.is_editable:
        raise AssessmentLocked(
            "This assessment has been submitted, so its evidence files can no longer be removed."
        )
    evidence = EvidenceFile.objects.select_related("indicator").get(
        assessment=locked, pk=evidence_pk
    )
    stored = evidence.file
    evidence.delete()
    transaction.on_commit(lambda: stored.storage.delete(stored.name))
    audit(
        authority=locked.authority_id,
        subject=locked,
        user=user,
        action=AuditAction.EVIDENCE_REMOVED,
        detail=f"{evidence.original_name} for {evidence.indicator.slug}",
    )
    return evidence


@transaction.atomic
def submit_assessment(
    *, assessment: Assessment, user, declaration: bool, confirmed_warnings: Iterable[str] = ()
) -> Assessment:
    """Lock the assessment, all or nothing: only a lead, only complete, only once, and only with
    every warning of check your answers confirmed (``confirmed_warnings``: their keys)."""
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
    warnings = context_warnings(locked)
    if {warning.key for warning in warnings} - set(confirmed_warnings):
        raise UnconfirmedWarnings()
    if not declaration:
        raise AssessmentError("Confirm the declaration to submit the assessment.")
    locked.status = AssessmentStatus.SUBMITTED
    locked.submitted_by = user
    locked.submitted_at = timezone.now()
    locked.scores = stored_result(live_score(locked))
    locked.context_warnings_confirmed = [warning.text for warning in warnings]
    locked.save(
        update_fields=[
            "status",
            "submitted_by",
            "submitted_at",
            "scores",
            "context_warnings_confirmed",
        ]
    )
    audit(
        authority=locked.authority_id,
        subject=locked,
        user=user,
        action=AuditAction.SUBMITTED,
        detail=f"confirmed {len(warnings)} answer{'s' if len(warnings) != 1 else ''} the "
        "context section contradicts"
        if warnings
        else "",
    )
    carry_over_plan(assessment=locked, user=user)
    assessment_submitted.send(sender=Assessment, assessment=locked, user=user)
    return locked


def carry_over_plan(*, assessment: Assessment, user) -> bool:
    """At submission, the plan of the council's round before this one hands over: each open
    action (not done) whose indicator is still below the reference level carries over to this
    round with its owner, due date, status, notes and history; the others are closed, saying
    why. New gaps need nothing: every action is derived from the scores. Submitting again after
    a return does it again, keeping what was recorded in this round since. True if any action
    carried over or closed."""
    submitted_rounds = Assessment.objects.filter(
        authority=assessment.authority_id, submitted_at__isnull=False
    ).exclude(pk=assessment.pk)
    if submitted_rounds.filter(round__gt=assessment.round).exists():
        return False  # a later round already took the plan over
    previous = submitted_rounds.filter(round__lt=assessment.round).order_by("-round").first()
    if previous is None or not previous.scores:
        return False
    indicators = {i.slug: i for i in assessment.framework.indicators.all()}
    levels = dict(assessment.answers.values_list("indicator__slug", "level"))
    gaps = {action["indicator"] for action in assessment.scores["actions"]}
    earlier = {
        p.indicator.slug: p
        for p in previous.planned_actions.select_related("indicator", "carried_to")
    }
    here = {p.indicator.slug: p for p in assessment.planned_actions.select_related("indicator")}
    earlier_indicators = {i.slug: i for i in previous.framework.indicators.all()}
    carried = closed = 0
    for action in previous.scores["actions"]:
        slug = action["indicator"]
        old = earlier.get(slug)
        if old is not None and old.status == ActionStatus.DONE:
            continue
        if old is None:  # nothing recorded yet: kept so that where it went is recorded
            old = PlannedAction.objects.create(
                assessment=previous, indicator=earlier_indicators[slug], revision=0
            )
        if slug in gaps:
            new = here.get(slug)
            if new is None:
                PlannedAction.objects.create(
                    assessment=assessment,
                    indicator=indicators[slug],
                    owner=old.owner,
                    due_date=old.due_date,
                    status=old.status,
                    notes=old.notes,
                    carried_from=old,
                    revision=min(old.revision, 1),  # 0 still says nothing is recorded
                    updated_by=old.updated_by,
                )
            elif new.carried_from_id is None and not hasattr(old, "carried_to"):
                new.carried_from = old
                new.save(update_fields=["carried_from"])
            closure = {"closed_in": None, "closed_reason": ""}
            carried += 1
        else:
            if slug not in indicators:
                reason = ActionClosure.NOT_IN_FRAMEWORK
            elif levels.get(slug) == NA:
                reason = ActionClosure.NOT_APPLICABLE
            else:
                reason = ActionClosure.GAP_MET
            closure = {"closed_in": assessment, "closed_reason": reason}
            closed += 1
        # update(), which leaves updated_at alone: nobody worked on the earlier round's action.
        PlannedAction.objects.filter(pk=old.pk).update(**closure)
    if not carried and not closed:
        return False
    audit(
        authority=assessment.authority_id,
        subject=assessment,
        user=user,
        action=AuditAction.ACTION_UPDATED,
        detail=(
            f"the {previous.get_round_display()} plan handed over: "
            f"{carried} action{pluralize(carried)} carried over, {closed} closed"
        ),
    )
    return True


def carry_over_submitted_plans() -> list[Assessment]:
    """For rounds submitted before plans carried over: each council's latest submitted round
    takes over the plan of the round before, unless it already has. The rounds that did."""
    handed_over = []
    latest_rounds = {}
    for assessment in Assessment.objects.filter(submitted_at__isnull=False).order_by("round"):
        # Submitted since, even if returned: the round that takes the plan over at submission.
        latest_rounds[assessment.authority_id] = assessment
    for assessment in latest_rounds.values():
        already = PlannedAction.objects.filter(closed_in=assessment).exists() or (
            PlannedAction.objects.filter(assessment=assessment, carried_from__isnull=False).exists()
        )
        if already or not assessment.scores:
            continue
        with transaction.atomic():
            if carry_over_plan(assessment=assessment, user=None):
                handed_over.append(assessment)
    return handed_over


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
            theirs={
                "owner": planned.owner,
                "due_date": planned.due_date,
                "status": planned.status,
                "notes": planned.notes,
            },
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
    notes: str = "",
    user,
) -> PlannedAction:
    """A council member records who owns an action of the plan, when it is due, how it stands
    and notes on it, if nobody saved it since ``base_revision`` (0 for an action with nothing
    recorded yet): PlannedActionConflict if they did. PlanReadOnly once a later round has
    taken the plan over. Every save is kept in the action's history."""
    check_member(user=user, authority=assessment.authority_id)
    # Locked first, so that a later round's submission and this save happen one after the other.
    list(
        Assessment.objects.select_for_update()
        .filter(authority=assessment.authority_id)
        .values_list("pk", flat=True)
    )
    later = plan_superseded_by(assessment)
    if later is not None:
        raise PlanReadOnly(later)
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
    values = {
        "owner": owner,
        "due_date": due_date,
        "status": status,
        "notes": notes,
        "updated_by": user,
    }
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
    ActionUpdate.objects.create(
        planned=planned, owner=owner, due_date=due_date, status=status, notes=notes, user=user
    )
    audit(
        authority=assessment.authority_id,
        subject=assessment,
        user=user,
        action=AuditAction.ACTION_UPDATED,
        detail=f"{indicator.title}: {planned.get_status_display()}",
    )
    return planned
