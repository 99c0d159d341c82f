"""Official statistics in the Wagtail admin: only the permission to import them, so the programme
team can give it to a group (Settings, Groups: "Can import official statistics")."""

from django.contrib.auth.models import Permission

from wagtail import hooks


@hooks.register("register_permissions")
def register_import_permission():
    return Permission.objects.filter(
        content_type__app_label="official_statistics", codename="manage_statistics"
    )
