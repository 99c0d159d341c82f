"""Exporting a person's own data from the Wagtail admin: "Export their data" on each user of the
users listing, for superusers only (outcomes.permissions)."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.widgets.button import Button

from outcomes.permissions import can_export_personal_data
from outcomes.personal_data_views import export_personal_data


@hooks.register("register_admin_urls")
def register_personal_data_urls():
    return [
        path(
            "personal-data/<int:user_pk>/",
            export_personal_data,
            name="personal_data_export",
        )
    ]


@hooks.register("register_user_listing_buttons")
def personal_data_button(user, request_user):
    if can_export_personal_data(user=request_user):
        yield Button(
            "Export their data (JSON)",
            reverse("personal_data_export", args=[user.pk]),
            icon_name="download",
            priority=50,
        )
