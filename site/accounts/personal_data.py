"""One person's own data, which the programme team exports for them on request (from the users
listing of the Wagtail admin: accounts.wagtail_hooks).

Everything is found through the person: their account, memberships and cohorts, and the rows
that record them as the one who wrote or did something (saved an answer, uploaded a file, made a
decision...). Nothing else of a council is included, their own council's or another's. Rows
record only who saved them last, so an answer someone else changed afterwards is theirs now.
accounts sits above every app whose data it reads, so it lives here.
"""

import datetime
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Invitation
from authorities.models import AuditEvent, Membership
from cohorts.models import DecisionReopening, MilestoneEntry, ReviewComment, ReviewerToken
from fidelity.models import (
    ActionUpdate,
    Answer,
    Assessment,
    EvidenceFile,
    PlannedAction,
    ReviewDecision,
)
from notifications.models import Notification
from notifications.services import reminders_wanted
from outcomes import returns
from outcomes.models import LocalReturn, QuarterSignOff


def _value(value):
    """A value as JSON holds it: dates and times in ISO 8601, decimals as text (exact)."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(row: dict) -> dict:
    return {key: _value(value) for key, value in row.items()}


def _rows(rows) -> list[dict]:
    return [_row(row) for row in rows]


def _round(assessment: Assessment) -> dict:
    return {"council": assessment.authority.name, "round": assessment.get_round_display()}


def personal_data(*, person) -> dict:
    """Everything the service records of or by ``person``, ready for json.dumps."""
    assessments = "assessment__authority"
    return {
        "exported_at": _value(timezone.now()),
        "account": _row(
            {
                "username": person.get_username(),
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": person.email,
                "date_joined": person.date_joined,
                "last_login": person.last_login,
                "active": person.is_active,
            }
        ),
        "memberships": [
            {"council": m.authority.name, "ons_code": m.authority.ons_code, "role": m.role}
            for m in Membership.objects.filter(user=person)
            .select_related("authority")
            .order_by("authority__name")
        ],
        "reviewer_of_cohorts": list(
            person.reviewed_cohorts.order_by("name").values_list("name", flat=True)
        ),
        "api_tokens": _rows(
            ReviewerToken.objects.filter(user=person)
            .order_by("created_at")
            .values("name", "prefix", "created_at", "last_used_at", "revoked_at")
        ),
        # Names and dates only: the app's secret and the recovery codes never leave the service.
        "two_factor_devices": _rows(
            {
                "kind": device.name,
                "confirmed": device.confirmed,
                "created_at": device.created_at,
                "last_used_at": device.last_used_at,
            }
            for model in (TOTPDevice, StaticDevice)
            for device in model.objects.filter(user=person).order_by("created_at", "pk")
        ),
        "assessments_started": _rows(
            _round(a) | {"started_at": a.created_at}
            for a in Assessment.objects.filter(created_by=person).select_related("authority")
        ),
        "assessments_submitted": _rows(
            _round(a) | {"submitted_at": a.submitted_at}
            for a in Assessment.objects.filter(submitted_by=person).select_related("authority")
        ),
        "answers_last_saved": _rows(
            _round(a.assessment)
            | {
                "indicator": a.indicator.slug,
                "level": a.level,
                "evidence_note": a.evidence_note,
                "saved_at": a.updated_at,
            }
            for a in Answer.objects.filter(updated_by=person)
            .select_related(assessments, "indicator")
            .order_by("assessment__authority__name", "assessment__round", "pk")
        ),
        "evidence_files_uploaded": _rows(
            _round(f.assessment)
            | {
                "indicator": f.indicator.slug,
                "file_name": f.original_name,
                "content_type": f.content_type,
                "size_bytes": f.size,
                "uploaded_at": f.uploaded_at,
            }
            for f in EvidenceFile.objects.filter(uploaded_by=person).select_related(
                assessments, "indicator"
            )
        ),
        "planned_actions_last_updated": _rows(
            _round(p.assessment)
            | {
                "indicator": p.indicator.slug,
                "owner": p.owner,
                "due_date": p.due_date,
                "status": p.status,
                "notes": p.notes,
                "updated_at": p.updated_at,
            }
            for p in PlannedAction.objects.filter(updated_by=person)
            .select_related(assessments, "indicator")
            .order_by("pk")
        ),
        "action_updates": _rows(
            _round(u.planned.assessment)
            | {
                "indicator": u.planned.indicator.slug,
                "owner": u.owner,
                "due_date": u.due_date,
                "status": u.status,
                "notes": u.notes,
                "saved_at": u.created_at,
            }
            for u in ActionUpdate.objects.filter(user=person)
            .select_related(f"planned__{assessments}", "planned__indicator")
            .order_by("created_at", "pk")
        ),
        "review_decisions": _rows(
            _round(d.assessment)
            | {"outcome": d.outcome, "comment": d.comment, "decided_at": d.created_at}
            for d in ReviewDecision.objects.filter(reviewer=person)
            .select_related(assessments)
            .order_by("created_at", "pk")
        ),
        "review_comments": _rows(
            _round(c.assessment)
            | {
                "indicator": c.indicator.slug if c.indicator else "",
                "as": "reviewer" if c.by_reviewer else "council",
                "comment": c.body,
                "written_at": c.created_at,
            }
            for c in ReviewComment.objects.filter(author=person)
            .select_related(assessments, "indicator")
            .order_by("created_at", "pk")
        ),
        "decisions_reopened": _rows(
            _round(r.decision.assessment)
            | {"outcome": r.decision.outcome, "reason": r.reason, "reopened_at": r.created_at}
            for r in DecisionReopening.objects.filter(reopened_by=person)
            .select_related(f"decision__{assessments}")
            .order_by("created_at", "pk")
        ),
        "milestone_entries_last_updated": _rows(
            {
                "council": e.authority.name,
                "milestone": e.milestone.title,
                "status": e.status,
                "target_date": e.target_date,
                "actual_date": e.actual_date,
                "note": e.note,
                "updated_at": e.updated_at,
            }
            for e in MilestoneEntry.objects.filter(updated_by=person)
            .select_related("authority", "milestone")
            .order_by("authority__name", "milestone__sort_order")
        ),
        "local_returns_last_saved": _rows(
            {
                "council": r.authority.name,
                "quarter": returns.quarter_code(r.quarter),
                "measure": r.measure,
                "value": r.value,
                "note": r.note,
                "saved_at": r.updated_at,
            }
            for r in LocalReturn.objects.filter(submitted_by=person)
            .select_related("authority")
            .order_by("authority__name", "quarter", "measure")
        ),
        "local_return_sign_offs": _rows(
            {
                "council": sign_off.authority.name,
                "quarter": returns.quarter_code(sign_off.quarter),
                "signed_off_by_you": sign_off.signed_off_by_id == person.pk,
                "signed_off_at": sign_off.signed_off_at,
                "reopened_by_you": sign_off.reopened_by_id == person.pk,
                "reopened_at": sign_off.reopened_at,
                "reopen_reason": sign_off.reopen_reason
                if sign_off.reopened_by_id == person.pk
                else "",
            }
            for sign_off in QuarterSignOff.objects.filter(
                Q(signed_off_by=person) | Q(reopened_by=person)
            )
            .select_related("authority")
            .order_by("authority__name", "quarter", "signed_off_at")
        ),
        "notifications": _rows(
            {
                "kind": n.get_kind_display(),
                "subject": n.subject,
                "body": n.body,
                "sent_at": n.created_at,
                "emailed_at": n.emailed_at,
            }
            for n in Notification.objects.filter(recipient=person).order_by("created_at", "pk")
        ),
        "reminders_wanted": reminders_wanted(user=person),
        "invitations_accepted": _rows(
            {"to": i.place, "invited_at": i.created_at, "accepted_at": i.accepted_at}
            for i in Invitation.objects.filter(accepted_by=person)
            .select_related("authority", "cohort")
            .order_by("accepted_at")
        ),
        "invitations_sent": _rows(
            {"email": i.email, "to": i.place, "invited_at": i.created_at}
            for i in Invitation.objects.filter(invited_by=person)
            .select_related("authority", "cohort")
            .order_by("created_at", "pk")
        ),
        "audit_events": _rows(
            {
                "council": e.authority.name,
                "action": e.get_action_display(),
                "detail": e.detail,
                "at": e.created_at,
            }
            for e in AuditEvent.objects.filter(user=person)
            .select_related("authority")
            .order_by("created_at", "pk")
        ),
    }
