"""Audit events name what they concern through a generic subject instead of a foreign key to the
assessment, so that the trail can move to authorities (below fidelity) in 0009."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F


def assessment_to_subject(apps, schema_editor):
    AuditEvent = apps.get_model("fidelity", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    about_assessments = AuditEvent.objects.filter(assessment__isnull=False)
    if about_assessments.exists():
        assessment_type, _ = ContentType.objects.get_or_create(
            app_label="fidelity", model="assessment"
        )
        about_assessments.update(subject_type=assessment_type, subject_id=F("assessment_id"))


def subject_to_assessment(apps, schema_editor):
    AuditEvent = apps.get_model("fidelity", "AuditEvent")
    AuditEvent.objects.filter(
        subject_type__app_label="fidelity", subject_type__model="assessment"
    ).update(assessment_id=F("subject_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("fidelity", "0007_backfill_scores"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="subject_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="subject_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(assessment_to_subject, subject_to_assessment),
        migrations.RemoveField(model_name="auditevent", name="assessment"),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["subject_type", "subject_id"], name="audit_event_subject"),
        ),
    ]
