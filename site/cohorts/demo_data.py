"""Demo cohorts and milestone plans from fixtures/demo.yaml (illustrative, never in production)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from authorities.models import Authority
from cohorts.models import Cohort, CohortRound, Milestone, MilestoneEntry
from cohorts.services import review_submission
from fidelity.choices import AssessmentStatus
from fidelity.models import Assessment


def load_demo_cohorts(data: dict) -> None:
    users = get_user_model().objects
    for entry in data.get("cohorts", []):
        cohort, _ = Cohort.objects.update_or_create(
            name=entry["name"],
            defaults={"programme": entry["programme"], "start_date": entry["start_date"]},
        )
        cohort.councils.set(Authority.objects.filter(ons_code__in=entry["councils"]))
        cohort.reviewers.set(users.filter(username__in=entry["reviewers"]))
        for round_number, due in entry.get("round_due_dates", {}).items():
            CohortRound.objects.update_or_create(
                cohort=cohort, round=round_number, defaults={"due_date": _demo_date(due)}
            )
    _review_demo_assessments(data)
    milestones = {m.slug: m for m in Milestone.objects.all()}
    if not milestones:
        return  # the template comes with the content: make demo loads it first
    for ons_code, plan in data.get("milestone_plans", {}).items():
        authority = Authority.objects.get(ons_code=ons_code)
        for slug, (status, target, actual) in plan.items():
            target = _demo_date(target)
            # Dates are fixed history here, so they are written as given, not re-checked
            # against today the way a council's own edits are.
            values = {"status": status, "target_date": target, "actual_date": actual}
            entry, created = MilestoneEntry.objects.get_or_create(
                authority=authority, milestone=milestones[slug], defaults=values
            )
            if not created and any(getattr(entry, k) != v for k, v in values.items()):
                # A new revision, as a member's save makes, so a form opened before is refused.
                for field, value in values.items():
                    setattr(entry, field, value)
                entry.revision += 1
                entry.save()


def _demo_date(value):
    """A date as the YAML gives it; "+N" (read as the number N) is N days from today."""
    if isinstance(value, int):
        return timezone.localdate() + datetime.timedelta(days=value)
    return value


def _review_demo_assessments(data: dict) -> None:
    """The demo reviews, made as a reviewer makes them once the cohorts exist."""
    users = get_user_model().objects
    for entry in data.get("assessments", []):
        if "review" not in entry:
            continue
        assessment = Assessment.objects.filter(
            authority__ons_code=entry["council"], round=entry["round"]
        ).first()
        if assessment is None or assessment.status != AssessmentStatus.SUBMITTED:
            continue  # not loaded (no framework yet), or already reviewed
        reviewer = users.get(username=entry["review"]["by"])
        review_submission(
            reviewer=reviewer,
            cohort=Cohort.objects.get(reviewers=reviewer, councils=assessment.authority),
            assessment=assessment,
            submitted_at=assessment.submitted_at,
            outcome=entry["review"]["outcome"],
            comment=entry["review"]["comment"],
        )
