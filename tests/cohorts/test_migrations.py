"""The data migration that rewords old milestone events keeps everything but their ISO dates.

Its function runs here on rows written the old way in the test database, with the app registry
standing in for the migration's historical models (AuditEvent's fields are the same in both).
"""

import importlib

from django.apps import apps

from authorities.models import AuditEvent

migration = importlib.import_module("cohorts.migrations.0005_milestone_audit_dates")

OLD_AND_NEW = [
    (
        "milestone-updated",
        "Board set up: Done; target 2017-08-01, actual 2017-07-20",
        "Board set up: Done; target 1 August 2017, actual 20 July 2017",
    ),
    (
        "milestone-updated",
        "Workbook live: At risk; target 2018-01-01, actual not set",
        "Workbook live: At risk; target 1 January 2018, actual not set",
    ),
    (
        "milestone-updated",
        "Co-location: Not started; target not set, actual not set",
        "Co-location: Not started; target not set, actual not set",
    ),
    # Other events keep their words, ISO dates and all.
    (
        "returns-uploaded",
        "2025-Q1: 3 figures added, 0 changed, 0 removed",
        "2025-Q1: 3 figures added, 0 changed, 0 removed",
    ),
    ("saved", "Review of 2017-08-01 (completed)", "Review of 2017-08-01 (completed)"),
]


def test_old_milestone_events_get_their_dates_in_words_and_nothing_else_changes(west_berkshire):
    for action, old, _new in OLD_AND_NEW:
        AuditEvent.objects.create(authority=west_berkshire, action=action, detail=old)

    migration.reword(apps, schema_editor=None)

    assert list(AuditEvent.objects.order_by("pk").values_list("detail", flat=True)) == [
        new for _action, _old, new in OLD_AND_NEW
    ]
