"""The programme team in the Wagtail admin: invitations to councils and cohorts, and "Export
their data" and "Reset two-factor authentication" on each user of the users listing (superusers
only).

The programme team invites council leads and reviewers.

An invitation is sent when it is created and is never edited: a new one replaces it.
"""

from django import forms
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.views.generic import CreateView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from accounts import services
from accounts.models import Invitation
from accounts.permissions import can_export_personal_data, can_reset_two_factor
from accounts.personal_data_views import export_personal_data
from accounts.two_factor_views import reset_for_person


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "authority", "role", "cohort"]
        help_texts = {
            "authority": "To invite someone to a council, choose it and a role.",
            "role": "Leads sign off and submit, and manage their council's team.",
            "cohort": "To invite a reviewer, choose the cohort instead of a council.",
        }

    def clean(self):
        cleaned = super().clean()
        authority, role, cohort = (cleaned.get(k) for k in ("authority", "role", "cohort"))
        if authority and cohort:
            raise forms.ValidationError("Choose a council or a cohort, not both.")
        if not authority and not cohort:
            raise forms.ValidationError("Choose a council (with a role) or a cohort.")
        if authority and not role:
            self.add_error("role", "Choose the role they will have in the council.")
        if cohort and role:
            self.add_error("role", "A reviewer has no council role: leave the role empty.")
        return cleaned

    def _post_clean(self):
        pass  # the service builds the invitation: the token and expiry are not form fields


class InvitationCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        try:
            if data["cohort"]:
                invitation, _token = services.invite_reviewer(
                    user=self.request.user, cohort=data["cohort"], email=data["email"]
                )
            else:
                invitation, _token = services.invite_to_council(
                    user=self.request.user,
                    authority=data["authority"],
                    email=data["email"],
                    role=data["role"],
                )
        except services.AccountError as error:
            self.form.add_error("email", str(error))
            raise _Refused from error
        return invitation

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except _Refused:
            return self.form_invalid(form)

    def get_success_message(self, instance):
        return f"An invitation has been sent to {instance.email}."

    def get_success_url(self):
        return reverse(self.index_url_name)

    def get_success_buttons(self):
        return []  # no edit link: sent invitations are not edited


class _Refused(Exception):
    pass


class InvitationIndexView(IndexView):
    def get_edit_url(self, instance):
        return None  # sent invitations are not edited


class InvitationViewSet(ModelViewSet):
    model = Invitation
    add_view_class = InvitationCreateView
    index_view_class = InvitationIndexView
    icon = "mail"
    menu_label = "Invitations"
    menu_order = 310
    add_to_admin_menu = True
    list_display = [
        "email",
        "authority",
        "role",
        "cohort",
        "created_at",
        "expires_at",
        "accepted_at",
    ]
    list_filter = ["authority", "cohort"]
    search_fields = ["email"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return InvitationForm

    def get_urlpatterns(self):
        kept = {"index", "index_results", "add", "delete"}  # deleting withdraws one
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in kept]


@hooks.register("register_admin_viewset")
def register_invitation_viewset():
    return InvitationViewSet("invitations")


@hooks.register("register_admin_urls")
def register_personal_data_urls():
    return [
        path(
            "personal-data/<int:user_pk>/",
            export_personal_data,
            name="personal_data_export",
        ),
        path("two-factor-reset/<int:user_pk>/", reset_for_person, name="two_factor_reset"),
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


@hooks.register("register_user_listing_buttons")
def reset_two_factor_button(user, request_user):
    if can_reset_two_factor(user=request_user):
        yield Button(
            "Reset two-factor authentication",
            reverse("two_factor_reset", args=[user.pk]),
            icon_name="key",
            priority=60,
        )


@hooks.register("register_account_menu_item")
def change_password_on_the_site(request):
    """Wagtail's own password form is off (WAGTAIL_PASSWORD_MANAGEMENT_ENABLED): editors change
    their password on the site's page, where wrong current passwords count towards a lockout."""
    return {
        "url": reverse("accounts:change_password"),
        "label": "Change password",
        "help_text": "On the site's account pages. Your other sessions are signed out.",
    }
