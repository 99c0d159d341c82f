"""The audit trail moves here from fidelity (see fidelity 0008 and 0009): its table and rows stay
as they are; only Django's idea of which app owns the model changes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, *, source="fidelity", target="authorities"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=target, model="auditevent").exists():
        ContentType.objects.filter(app_label=source, model="auditevent").update(app_label=target)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="authorities", target="fidelity")


class Migration(migrations.Migration):
    dependencies = [
        ("authorities", "0004_region_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("fidelity", "0008_audit_subject"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("subject_id", models.PositiveBigIntegerField(blank=True, null=True)),
                        (
                            "action",
                            models.CharField(
                                choices=[
                                    ("started", "Started the assessment"),
                                    ("saved", "Saved a section"),
                                    ("submitted", "Submitted the assessment"),
                                    ("evidence-added", "Added an evidence file"),
                                    ("evidence-downloaded", "Downloaded an evidence file"),
                                    ("csv-downloaded", "Downloaded the answers and scores (CSV)"),
                                    ("action-updated", "Updated an action"),
                                    ("validated", "Validated the assessment (reviewer)"),
                                    ("returned", "Returned the assessment (reviewer)"),
                                    ("milestone-updated", "Updated a milestone"),
                                    ("exported", "Exported council data (reviewer)"),
                                    ("return-saved", "Saved a quarterly local return"),
                                    ("returns-uploaded", "Uploaded local returns (CSV)"),
                                ],
                                max_length=30,
                            ),
                        ),
                        ("detail", models.CharField(blank=True, max_length=300)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        (
                            "authority",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="audit_events",
                                to="authorities.authority",
                            ),
                        ),
                        (
                            "subject_type",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="contenttypes.contenttype",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "fidelity_auditevent",
                        "ordering": ["-created_at", "-pk"],
                        "indexes": [
                            models.Index(
                                fields=["subject_type", "subject_id"], name="audit_event_subject"
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
