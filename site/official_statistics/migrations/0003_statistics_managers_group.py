"""The Statistics managers group, holding "Can import official statistics": the programme team
adds the people who keep the published figures up to date (Wagtail admin, Settings, Groups)."""

from django.db import migrations

GROUP = "Statistics managers"


def create_group(apps, schema_editor):
    # Made here rather than left to post_migrate, which runs only after every migration.
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="official_statistics", model="statisticsimport"
    )
    permission, _ = apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type,
        codename="manage_statistics",
        defaults={"name": "Can import official statistics"},
    )
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("official_statistics", "0002_statistics_import_audit_and_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
