"""The programme team (Wagtail's Moderators) may keep councils' public facts, such as the
go-live date, up to date in the admin. Adding a council, changing its codes and deleting it
(and with it all its data) stay with superusers."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ACTIONS = ("change", "view")


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="authorities",
        codename__in=[f"{action}_authority" for action in ACTIONS],
    )


def grant(apps, schema_editor):
    # Permissions are normally made after migrate (post_migrate): make them now to grant them.
    app_config = apps.get_app_config("authorities")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    for group in apps.get_model("auth", "Group").objects.filter(name="Moderators"):
        group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name="Moderators"):
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("authorities", "0002_went_live"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
