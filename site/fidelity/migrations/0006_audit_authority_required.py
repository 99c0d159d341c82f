import django.db.models.deletion
from django.db import migrations, models


def fill_authority(apps, schema_editor):
    """Events so far were all about an assessment: their council is the assessment's."""
    AuditEvent = apps.get_model("fidelity", "AuditEvent")
    for event in AuditEvent.objects.filter(authority__isnull=True).select_related("assessment"):
        event.authority_id = event.assessment.authority_id
        event.save(update_fields=["authority"])


class Migration(migrations.Migration):
    dependencies = [("fidelity", "0005_reviews_and_council_audit")]

    operations = [
        migrations.RunPython(fill_authority, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="authority",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="audit_events",
                to="authorities.authority",
            ),
        ),
    ]
