from django.db import models


class MembershipRole(models.TextChoices):
    CONTRIBUTOR = "contributor", "Contributor"
    LEAD = "lead", "Lead"


class Region(models.TextChoices):
    """England's regions as DfE names them (London boroughs are in Inner or Outer London). The
    label is written out: Django would make "Yorkshire" and "East Of England" of the names."""

    NORTH_EAST = "North East", "North East"
    NORTH_WEST = "North West", "North West"
    YORKSHIRE = "Yorkshire and The Humber", "Yorkshire and The Humber"
    EAST_MIDLANDS = "East Midlands", "East Midlands"
    WEST_MIDLANDS = "West Midlands", "West Midlands"
    EAST_OF_ENGLAND = "East of England", "East of England"
    LONDON = "London", "London"
    INNER_LONDON = "Inner London", "Inner London"
    OUTER_LONDON = "Outer London", "Outer London"
    SOUTH_EAST = "South East", "South East"
    SOUTH_WEST = "South West", "South West"


class AuditAction(models.TextChoices):
    """What the audit trail records of a council's data (authorities.services.audit)."""

    STARTED = "started", "Started the assessment"
    SAVED = "saved", "Saved a section"
    READY_FOR_SIGN_OFF = "ready-for-sign-off", "Marked the assessment ready for sign-off"
    SUBMITTED = "submitted", "Submitted the assessment"
    EVIDENCE_ADDED = "evidence-added", "Added an evidence file"
    EVIDENCE_DOWNLOADED = "evidence-downloaded", "Downloaded an evidence file"
    EVIDENCE_REMOVED = "evidence-removed", "Removed an evidence file"
    CSV_DOWNLOADED = "csv-downloaded", "Downloaded the answers and scores (CSV)"
    ACTION_UPDATED = "action-updated", "Updated an action"
    VALIDATED = "validated", "Validated the assessment (reviewer)"
    RETURNED = "returned", "Returned the assessment (reviewer)"
    REVIEW_COMMENTED = "review-commented", "Commented on the assessment (reviewer)"
    REVIEW_REPLIED = "review-replied", "Replied to the reviewer"
    DECISION_REOPENED = "decision-reopened", "Reopened a review decision (reviewer)"
    MILESTONE_UPDATED = "milestone-updated", "Updated a milestone"
    EXPORTED = "exported", "Exported council data (reviewer)"
    RETURN_SAVED = "return-saved", "Saved a quarterly local return"
    RETURNS_UPLOADED = "returns-uploaded", "Uploaded local returns (CSV)"
    RETURN_SIGNED_OFF = "return-signed-off", "Signed off a quarter's local return"
    RETURN_REOPENED = "return-reopened", "Reopened a signed-off local return"
    MEMBER_INVITED = "member-invited", "Invited someone to the team"
    MEMBER_JOINED = "member-joined", "Joined the team"
    MEMBER_ROLE_CHANGED = "member-role-changed", "Changed a member's role"
    MEMBER_REMOVED = "member-removed", "Removed a member from the team"
    # Written by apply_retention (no user): what was deleted once kept for RETENTION_YEARS.
    EVIDENCE_DELETED = "evidence-deleted", "Deleted an evidence file (retention period)"
    RETURN_NOTE_DELETED = "return-note-deleted", "Deleted a local return's note (retention period)"
