"""Programme leads (Wagtail's Moderators and Editors) may view and edit the framework snippets."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ("frameworkversion", "domain", "indicator")
ACTIONS = ("add", "change", "delete", "view")
GROUPS = ("Moderators", "Editors")


def grant(apps, schema_editor):
    # Permissions are normally made after migrate (post_migrate): make them now to grant them.
    app_config = apps.get_app_config("fidelity")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="fidelity",
        codename__in=[f"{action}_{model}" for action in ACTIONS for model in MODELS],
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="fidelity",
        codename__in=[f"{action}_{model}" for action in ACTIONS for model in MODELS],
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("fidelity", "0003_assessments"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),  # makes the Moderators and Editors groups
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
