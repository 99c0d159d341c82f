"""The migration that rewords old milestone events keeps everything but their ISO dates: run on a
database made before it, in subprocesses (tests/migration_db.py)."""

import json

from tests.migration_db import manage, shell, throwaway_database

WRITE_OLD_EVENTS = """
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

call_command("migrate", "contenttypes", verbosity=0)
call_command("migrate", "cohorts", "0004_reviewers_limited_to_group", verbosity=0)
call_command("migrate", "authorities", "0008_council_names", verbosity=0)
old = MigrationExecutor(connection).loader.project_state(
    [("cohorts", "0004_reviewers_limited_to_group"), ("authorities", "0008_council_names")]
).apps
council = old.get_model("authorities", "Authority").objects.create(
    name="West Berkshire", ons_code="E06000037", dfe_number=869, region="South East"
)
AuditEvent = old.get_model("authorities", "AuditEvent")
for action, detail in [
    ("milestone-updated", "Board set up: Done; target 2017-08-01, actual 2017-07-20"),
    ("milestone-updated", "Workbook live: At risk; target 2018-01-01, actual not set"),
    ("milestone-updated", "Co-location: Not started; target not set, actual not set"),
    ("returns-uploaded", "2025-Q1: 3 figures added, 0 changed, 0 removed"),
    ("saved", "Review of 2017-08-01 (completed)"),
]:
    AuditEvent.objects.create(authority=council, action=action, detail=detail)
"""
READ_BACK = """
import json
from authorities.models import AuditEvent
print(json.dumps(list(AuditEvent.objects.order_by("pk").values_list("detail", flat=True))))
"""


def test_old_milestone_events_get_their_dates_in_words_and_nothing_else_changes(tmp_path):
    _, env = throwaway_database(tmp_path)
    shell(WRITE_OLD_EVENTS, env=env)

    manage("migrate", "cohorts", "--noinput", "--skip-checks", env=env)

    assert json.loads(shell(READ_BACK, env=env)) == [
        "Board set up: Done; target 1 August 2017, actual 20 July 2017",
        "Workbook live: At risk; target 1 January 2018, actual not set",
        "Co-location: Not started; target not set, actual not set",
        "2025-Q1: 3 figures added, 0 changed, 0 removed",
        "Review of 2017-08-01 (completed)",
    ]
