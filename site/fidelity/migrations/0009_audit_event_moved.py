"""The audit trail now belongs to authorities (authorities 0005): fidelity forgets the model,
and its table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("authorities", "0005_auditevent"),
        ("fidelity", "0008_audit_subject"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEvent")],
        ),
    ]
