"""Migrations that move the audit trail to authorities and complete the stored scores keep what a
database held: run on a database made before them, in a subprocess (tests/migration_db.py)."""

import json

from tests.migration_db import shell, throwaway_database

# A council with a submitted baseline stored as scores were kept before 0010, an audit event
# about the assessment and one about the council as a whole, written with the models as they
# were then (the migration state at BEFORE).
WRITE_OLD_ROWS = """
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

call_command("migrate", "contenttypes", verbosity=0)
call_command("migrate", "fidelity", "0007_backfill_scores", verbosity=0)
old = MigrationExecutor(connection).loader.project_state(("fidelity", "0007_backfill_scores")).apps
Authority = old.get_model("authorities", "Authority")
council = Authority.objects.create(
    name="West Berkshire", ons_code="E06000037", dfe_number=869, region="South East"
)
framework = old.get_model("fidelity", "FrameworkVersion").objects.create(
    version="t-1", title="Test", is_current=True
)
domain = old.get_model("fidelity", "Domain").objects.create(
    framework=framework, slug="teams", title="Teams", sort_order=0
)
Indicator = old.get_model("fidelity", "Indicator")
indicators = [
    Indicator.objects.create(
        framework=framework, domain=domain, slug=slug, title=slug, reference_level=reference,
        descriptor_0="-", descriptor_1="-", descriptor_2="-", evidence_prompt="-", sort_order=n,
    )
    for n, (slug, reference) in enumerate([("a", 2), ("b", 1)])
]
assessment = old.get_model("fidelity", "Assessment").objects.create(
    authority=council, framework=framework, round=0, status="submitted",
    scores={"overall": 50.0, "band": "Moderate fidelity", "capped": False, "domains": [],
            "actions": []},
)
for indicator, level in zip(indicators, ["1", "1"]):
    old.get_model("fidelity", "Answer").objects.create(
        assessment=assessment, indicator=indicator, level=level
    )
AuditEvent = old.get_model("fidelity", "AuditEvent")
AuditEvent.objects.create(authority=council, assessment=assessment, action="submitted")
AuditEvent.objects.create(authority=council, action="milestone-updated", detail="Teams")
with connection.cursor() as cursor:
    cursor.execute("SELECT id, app_label FROM django_content_type WHERE model = 'auditevent'")
    audit_type_before = cursor.fetchall()
"""
# What `migrate` runs for fidelity on such a database: its 0008 to 0010 and authorities 0005.
MIGRATE = """
call_command("migrate", "fidelity", interactive=False, skip_checks=True, verbosity=0)
"""
READ_BACK = """
import json
from django.contrib.contenttypes.models import ContentType
from authorities.models import AuditEvent
from fidelity.models import Assessment
assessment = Assessment.objects.get()
print(json.dumps({
    "audit_type_before": audit_type_before,
    "events": [
        [event.action, event.subject == assessment, event.subject_id is None]
        for event in AuditEvent.objects.order_by("pk")
    ],
    "assessment_events": list(assessment.audit_events.values_list("action", flat=True)),
    "audit_type": list(
        ContentType.objects.filter(model="auditevent").values_list("pk", "app_label")
    ),
    "scores": assessment.scores,
}))
"""


def test_a_database_from_before_keeps_its_audit_trail_and_gains_its_stored_figures(tmp_path):
    _, env = throwaway_database(tmp_path)

    # One process (each start of Django takes seconds): the old rows, the migration, the reading.
    read = json.loads(shell(WRITE_OLD_ROWS + MIGRATE + READ_BACK, env=env))

    [[audit_type, app_label]] = read["audit_type_before"]
    assert app_label == "fidelity"
    assert read["events"] == [["submitted", True, False], ["milestone-updated", False, True]]
    assert read["assessment_events"] == ["submitted"]
    assert read["audit_type"] == [[audit_type, "authorities"]]  # the same row, relabelled
    # Indicators at 1 against reference levels 2 and 1: the council 50, the reference 75.
    assert read["scores"]["overall"] == 50.0
    assert read["scores"]["reference_overall"] == 75.0
    assert read["scores"]["uncapped_band"] == "Moderate fidelity"
