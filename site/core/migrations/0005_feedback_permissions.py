"""The programme team (Wagtail's Moderators) may read the feedback people send."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def _permission(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="core", codename="view_feedback"
    )


def grant(apps, schema_editor):
    # Permissions are normally made after migrate (post_migrate): make them now to grant them.
    app_config = apps.get_app_config("core")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    for group in apps.get_model("auth", "Group").objects.filter(name="Moderators"):
        group.permissions.add(*_permission(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name="Moderators"):
        group.permissions.remove(*_permission(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_feedback"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
