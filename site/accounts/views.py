"""A person's own pages: their account, their council's team, and accepting an invitation."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import selectors, services, two_factor
from accounts.forms import (
    AcceptInvitationForm,
    ChangePasswordForm,
    ChangeRoleForm,
    InviteMemberForm,
    RemindersForm,
    RequestPasswordResetForm,
    ResetPasswordForm,
)
from accounts.home import cohort_homes, council_homes
from authorities.models import Authority, Membership
from authorities.permissions import authorities_for, is_lead
from core.lockout import end_account_lock
from notifications.services import recent_notifications, reminders_wanted, set_reminders


@login_required
def home(request):
    """Where signing in lands: the person's councils, cohorts and what they have been told."""
    return render(
        request,
        "accounts/home.html",
        {
            "councils": council_homes(user=request.user),
            "cohorts": cohort_homes(user=request.user),
            "notifications": recent_notifications(user=request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
def your_account(request):
    return render(
        request,
        "accounts/your_account.html",
        {
            "memberships": selectors.memberships_of(user=request.user),
            "cohorts": selectors.cohorts_reviewed_by(user=request.user),
            "reminders_form": RemindersForm(
                initial={"reminders": reminders_wanted(user=request.user)}
            ),
            "two_factor": two_factor.status_of(user=request.user),
        },
    )


@login_required
@require_POST
def update_reminders(request):
    form = RemindersForm(request.POST)
    form.is_valid()  # a checkbox: absent means off
    wanted = form.cleaned_data.get("reminders", False)
    set_reminders(user=request.user, wanted=wanted)
    messages.success(
        request, "You will be sent reminders." if wanted else "You will not be sent reminders."
    )
    return redirect("accounts:your_account")


class ChangePasswordView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "accounts/change_password.html"
    success_url = reverse_lazy("accounts:your_account")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        # Django keeps this session signed in (update_session_auth_hash) and, as the password
        # hash is part of every session's, signs the person out everywhere else.
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been changed.")
        return response


class RequestPasswordResetView(auth_views.PasswordResetView):
    form_class = RequestPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class ResetPasswordView(auth_views.PasswordResetConfirmView):
    form_class = ResetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        # The emailed link proves the account is theirs: guesses at the old password no longer
        # lock it.
        response = super().form_valid(form)
        end_account_lock(username=form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def accept_invitation(request, token: str):
    invitation = services.find_invitation(token)
    problem = services.invitation_problem(invitation)
    if problem:
        return render(request, "accounts/invitation_problem.html", {"problem": problem}, status=404)
    signed_in = request.user.is_authenticated
    needs_sign_in = not signed_in and services.account_exists_for(invitation)
    form = None
    if not signed_in and not needs_sign_in:
        form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and not needs_sign_in and (form is None or form.is_valid()):
        details = {}
        if form is not None:
            details = {
                "first_name": form.cleaned_data["first_name"],
                "last_name": form.cleaned_data["last_name"],
                "password": form.cleaned_data["new_password1"],
            }
        try:
            user = services.accept_invitation(token=token, user=request.user, **details)
        except services.AccountError as error:
            return render(
                request, "accounts/invitation_problem.html", {"problem": str(error)}, status=409
            )
        if not signed_in:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"You have joined {invitation.place}.")
        return redirect("accounts:home")
    return render(
        request,
        "accounts/accept_invitation.html",
        {"invitation": invitation, "form": form, "needs_sign_in": needs_sign_in},
    )


def _team_authority(request, ons_code: str) -> Authority:
    """The council whose team ``request.user`` leads; 404 for a council they do not belong to."""
    authority = get_object_or_404(authorities_for(user=request.user), ons_code=ons_code)
    if not is_lead(user=request.user, authority=authority):
        raise PermissionDenied("Only the council's leads can manage its team.")
    return authority


@login_required
def team(request, ons_code: str):
    """Every member sees their council's team; its leads also manage it."""
    authority = get_object_or_404(authorities_for(user=request.user), ons_code=ons_code)
    return render(
        request,
        "accounts/team.html",
        {
            "authority": authority,
            "can_manage": is_lead(user=request.user, authority=authority),
            "team": selectors.team_of(authority=authority),
            "invitations": selectors.open_invitations(authority=authority),
        },
    )


@login_required
def invite_member(request, ons_code: str):
    authority = _team_authority(request, ons_code)
    form = InviteMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_to_council(
                user=request.user,
                authority=authority,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except services.AccountError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request, f"An invitation has been sent to {form.cleaned_data['email']}."
            )
            return redirect("accounts:team", ons_code=authority.ons_code)
    return render(request, "accounts/invite_member.html", {"authority": authority, "form": form})


def _member(authority: Authority, membership_id: int) -> Membership:
    membership = (
        Membership.objects.select_related("user")
        .filter(pk=membership_id, authority=authority)
        .first()
    )
    if membership is None:
        raise Http404("No member of this council has this number.")
    return membership


@login_required
def change_role(request, ons_code: str, membership_id: int):
    authority = _team_authority(request, ons_code)
    membership = _member(authority, membership_id)
    form = ChangeRoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_role(
                user=request.user, membership=membership, role=form.cleaned_data["role"]
            )
        except services.AccountError as error:
            form.add_error("role", str(error))
        else:
            messages.success(
                request,
                f"{services.display_name(membership.user)} is now a {membership.get_role_display().lower()}.",
            )
            return redirect("accounts:team", ons_code=authority.ons_code)
    return render(
        request,
        "accounts/change_role.html",
        {"authority": authority, "membership": membership, "form": form},
    )


@login_required
def remove_member(request, ons_code: str, membership_id: int):
    authority = _team_authority(request, ons_code)
    membership = _member(authority, membership_id)
    problem = None
    if request.method == "POST":
        try:
            services.remove_member(user=request.user, membership=membership)
        except services.AccountError as error:
            problem = str(error)
        else:
            messages.success(
                request,
                f"{services.display_name(membership.user)} has been removed from {authority}.",
            )
            if membership.user_id == request.user.pk:
                return redirect("accounts:your_account")
            return redirect("accounts:team", ons_code=authority.ons_code)
    return render(
        request,
        "accounts/remove_member.html",
        {"authority": authority, "membership": membership, "problem": problem},
        status=409 if problem else 200,
    )
