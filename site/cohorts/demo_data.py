"""Demo cohorts and milestone plans from fixtures/demo.yaml (illustrative, never in production)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from authorities.models import Authority
from cohorts.models import Cohort, Milestone, MilestoneEntry


def load_demo_cohorts(data: dict) -> None:
    users = get_user_model().objects
    for entry in data.get("cohorts", []):
        cohort, _ = Cohort.objects.update_or_create(
            name=entry["name"],
            defaults={"programme": entry["programme"], "start_date": entry["start_date"]},
        )
        cohort.councils.set(Authority.objects.filter(ons_code__in=entry["councils"]))
        cohort.reviewers.set(users.filter(username__in=entry["reviewers"]))
    milestones = {m.slug: m for m in Milestone.objects.all()}
    if not milestones:
        return  # the template comes with the content: make demo loads it first
    for ons_code, plan in data.get("milestone_plans", {}).items():
        authority = Authority.objects.get(ons_code=ons_code)
        for slug, (status, target, actual) in plan.items():
            if isinstance(target, int):  # "+N" in the YAML: days from today
                target = timezone.localdate() + datetime.timedelta(days=target)
            # Dates are fixed history here, so they are written as given, not re-checked
            # against today the way a council's own edits are.
            MilestoneEntry.objects.update_or_create(
                authority=authority,
                milestone=milestones[slug],
                defaults={"status": status, "target_date": target, "actual_date": actual},
            )
