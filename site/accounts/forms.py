import re

from django import forms
from django.contrib.auth import authenticate, get_user_model, password_validation
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.template import loader

from accounts import two_factor
from authorities.choices import MembershipRole
from notifications.services import send_email_later

# A hint shown beside the field, not a password.
PASSWORD_HINT = (
    "At least 12 characters. Not a common password, not only numbers, not like your name "  # noqa: S105
    "or email address, not one character or a short pattern repeated, and not including the "
    "name of this service."
)


class GovukPasswordMessages:
    """Django's password forms with GOV.UK wording and a plain-text hint."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "new_password1" in self.fields:
            self.fields["new_password1"].help_text = PASSWORD_HINT
            self.fields["new_password1"].label = "New password"
            self.fields["new_password1"].error_messages["required"] = "Enter a new password"
            self.fields["new_password2"].label = "Confirm new password"
            self.fields["new_password2"].error_messages["required"] = "Confirm your new password"
        if "old_password" in self.fields:
            self.fields["old_password"].label = "Current password"
            self.fields["old_password"].error_messages["required"] = "Enter your current password"


class ChangePasswordForm(GovukPasswordMessages, PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Your current password is not right",
    }

    def __init__(self, user, *args, request, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        """Checked through authenticate(), as a sign-in is, so that django-axes counts a wrong
        current password and locks out its guesser (core.lockout)."""
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(
            self.request, username=self.user.get_username(), password=old_password
        )
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class ResetPasswordForm(GovukPasswordMessages, SetPasswordForm):
    pass


class RequestPasswordResetForm(PasswordResetForm):
    """Django's reset request, with the email sent from a background task."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_email_later(to=to_email, subject=subject, body=body)


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter your first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter your last name"}
    )
    new_password1 = forms.CharField(
        label="Choose a password",
        help_text=PASSWORD_HINT,
        strip=False,
        error_messages={"required": "Choose a password"},
    )
    new_password2 = forms.CharField(
        label="Confirm your password",
        strip=False,
        error_messages={"required": "Confirm your password"},
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("new_password1"), cleaned.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", "The passwords do not match")
        elif first:
            # Checked against the person as they will be, so "like your name" applies.
            person = get_user_model()(
                username=self.email.lower(),
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, person)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return cleaned


class InviteMemberForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="Their work email address. The invitation link works once, for 7 days.",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=MembershipRole.choices,
        widget=forms.RadioSelect,
        help_text="Contributors answer and plan. Leads also sign off, submit and manage the team.",
        error_messages={"required": "Choose a role"},
    )


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=MembershipRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role"},
    )


class RemindersForm(forms.Form):
    reminders = forms.BooleanField(required=False, label="Send me reminders")


class AppCodeForm(forms.Form):
    """A 6-digit code from an authenticator app, spaces allowed (some apps show "123 456")."""

    code = forms.CharField(
        label="Enter the 6-digit code from your authenticator app",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_code(self):
        code = two_factor.normalise_app_code(self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError("The code must be 6 numbers, like 123456")
        return code


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label="Enter one of your recovery codes",
        max_length=20,
        error_messages={"required": "Enter one of your recovery codes"},
    )

    def clean_code(self):
        code = two_factor.normalise_recovery_code(self.cleaned_data["code"])
        if not re.fullmatch(r"[a-z2-7]{8}", code):
            raise forms.ValidationError("A recovery code is 8 letters and numbers, like abcd 2345")
        return code
