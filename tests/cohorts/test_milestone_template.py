"""The milestone plan template (a CSV document and its resource page) matches the milestones
councils plan against in the kit: content/cohorts/milestones.yaml."""

import csv
import re

from django.conf import settings

from cohorts.choices import MilestoneStatus

TEMPLATE = settings.CONTENT_DIR / "documents" / "milestone-plan-template.csv"
PAGE = settings.CONTENT_DIR / "resources" / "milestone-plan-template.md"


def test_the_csv_lists_every_milestone_in_order_with_the_kits_statuses(milestones):
    with TEMPLATE.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))

    assert [row["milestone"] for row in rows] == [m.title for m in milestones]
    assert [row["what done looks like"] for row in rows] == [m.description for m in milestones]
    assert [row["we suggest done by (months after the start)"] for row in rows] == [
        str(m.typical_month) for m in milestones
    ]
    assert {row["status"] for row in rows} <= set(MilestoneStatus.labels)


def test_the_resource_page_names_the_same_milestones_and_statuses(milestones):
    text = PAGE.read_text(encoding="utf-8")
    listed = re.findall(r"^\d+\. \*\*(.+?)\*\*", text, flags=re.MULTILINE)

    assert listed == [m.title for m in milestones]
    assert ", ".join(MilestoneStatus.labels[:-1]) + " or " + MilestoneStatus.labels[-1] in text
    assert "Hertfordshire" not in text
