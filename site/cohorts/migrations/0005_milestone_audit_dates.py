"""Milestone changes recorded before dates were written the GOV.UK way read "target 2017-08-01,
actual not set" in the history table: write their dates as the trail now does ("1 August
2017"). Only the dates at the end of a milestone event's detail change."""

import datetime
import re

from django.db import migrations

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
DATES = re.compile(r"; target (\d{4}-\d{2}-\d{2}|not set), actual (\d{4}-\d{2}-\d{2}|not set)$")


def _words(text: str) -> str:
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        return text
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def reword(apps, schema_editor):
    AuditEvent = apps.get_model("authorities", "AuditEvent")
    events = AuditEvent.objects.filter(action="milestone-updated", detail__regex=r"\d{4}-\d{2}-\d{2}")
    changed = []
    for event in events.only("pk", "detail"):
        detail = DATES.sub(
            lambda match: f"; target {_words(match[1])}, actual {_words(match[2])}", event.detail
        )
        if detail != event.detail:
            event.detail = detail
            changed.append(event)
    AuditEvent.objects.bulk_update(changed, ["detail"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0004_reviewers_limited_to_group"),
        ("authorities", "0008_council_names"),
    ]

    operations = [migrations.RunPython(reword, migrations.RunPython.noop)]
