"""Read, check and load content/cohorts/milestones.yaml (format: content/README.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

import yaml

from cohorts.models import Milestone
from cohorts.stages import SERVICE_RUNNING
from core.content_loader import ContentProblem

MILESTONE_FILE = Path("cohorts") / "milestones.yaml"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
KEYS = {"slug", "title", "description", "typical_month"}
RESERVED_SLUGS = {"history"}  # /milestones/<council>/history/ is the plan's audit trail


@dataclass(frozen=True)
class MilestoneSpec:
    slug: str
    title: str
    description: str
    typical_month: int


def read_milestones(path: Path) -> tuple[list[MilestoneSpec], list[str]]:
    """Every milestone in the file, or every problem found (as 'where: what')."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [], ["-: the file does not exist"]
    except yaml.YAMLError as error:
        return [], [f"-: is not valid YAML: {error}"]
    raw = data.get("milestones") if isinstance(data, dict) else None
    if not isinstance(raw, list) or not raw:
        return [], ["milestones: give a list of milestones"]
    problems, specs, seen = [], [], set()
    for number, entry in enumerate(raw, start=1):
        where = f"milestones[{number}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a mapping with slug, title and description")
            continue
        for key in sorted(set(entry) - KEYS, key=str):
            problems.append(f"{where}: {key} is not a field; use {', '.join(sorted(KEYS))}")
        slug = entry.get("slug")
        if not isinstance(slug, str) or not SLUG.fullmatch(slug):
            problems.append(f"{where}: slug: use lower-case letters, digits and hyphens")
        elif slug in RESERVED_SLUGS:
            problems.append(
                f"{where}: slug: '{slug}' is taken by a page of the plan; choose another"
            )
        elif slug in seen:
            problems.append(f"{where}: slug: '{slug}' is used twice")
        seen.add(slug)
        title = entry.get("title")
        if not isinstance(title, str) or not title.strip():
            problems.append(f"{where}: title: is required")
        month = entry.get("typical_month", 0)
        if type(month) is not int or not 0 <= month <= 120:
            problems.append(f"{where}: typical_month: give a whole number of months, 0 to 120")
        if not problems:
            specs.append(
                MilestoneSpec(
                    slug, title.strip(), str(entry.get("description") or "").strip(), month
                )
            )
    return ([], problems) if problems else (specs, [])


@transaction.atomic
def save_milestones(specs: list[MilestoneSpec]) -> str:
    """Create or update by slug, in the file's order; returns created, updated or unchanged."""
    existing = {m.slug: m for m in Milestone.objects.all()}
    changed = False
    for order, spec in enumerate(specs):
        values = {
            "title": spec.title,
            "description": spec.description,
            "typical_month": spec.typical_month,
            "sort_order": order,
        }
        milestone = existing.get(spec.slug)
        if milestone is None:
            Milestone.objects.create(slug=spec.slug, **values)
            changed = True
        elif any(getattr(milestone, key) != value for key, value in values.items()):
            Milestone.objects.filter(pk=milestone.pk).update(**values)
            changed = True
    removed = Milestone.objects.exclude(slug__in=[s.slug for s in specs])
    if removed.exists():
        removed.delete()
        changed = True
    if not existing:
        return "created"
    return "updated" if changed else "unchanged"


class MilestoneContent:
    """The content source core's load_content calls: checked first, written in its transaction."""

    name = "milestone template"

    def __init__(self):
        self.specs: list[MilestoneSpec] | None = None

    def check(self, content_dir: Path) -> list[ContentProblem]:
        path = content_dir / MILESTONE_FILE
        if not path.exists():
            return []
        specs, problems = read_milestones(path)
        if not problems:
            missing = sorted(SERVICE_RUNNING - {spec.slug for spec in specs})
            problems = [
                f"milestones: '{slug}' is needed by the implementation stage rule (cohorts.stages)"
                for slug in missing
            ]
        if not problems:
            planned = set(
                Milestone.objects.filter(entries__isnull=False)
                .exclude(slug__in=[s.slug for s in specs])
                .values_list("slug", flat=True)
            )
            problems = [
                f"milestones: '{slug}' is in councils' plans, so it cannot be removed"
                for slug in sorted(planned)
            ]
        self.specs = None if problems else specs
        return [
            ContentProblem(MILESTONE_FILE.as_posix(), *problem.split(": ", 1))
            for problem in problems
        ]

    def write(self) -> str | None:
        if self.specs is None:
            return None
        return f"{self.name}: {save_milestones(self.specs)}"
