"""Two-factor pages under "Your account": setting it up, recovery codes, the code asked for after
signing in, and turning it off. The rules are in accounts.two_factor; accounts.middleware sends
people here."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

import django_otp
import segno

from accounts import two_factor
from accounts.forms import AppCodeForm, RecoveryCodeForm
from accounts.permissions import can_reset_two_factor
from accounts.services import display_name

NEW_CODES_SESSION_KEY = "two_factor_new_recovery_codes"
WRONG_APP_CODE = "That code is wrong or has expired. Enter the code your app shows now"
WRONG_RECOVERY_CODE = "That recovery code is wrong or has already been used"


def _next_url(request) -> str:
    """Where to go afterwards: the ``next`` asked for if it is on this site, else Your home."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}"


def _sign_in_with(request, device) -> None:
    """Mark the session verified by ``device``, under a new session id (as signing in does)."""
    django_otp.login(request, device)
    request.session.cycle_key()


def _check(form, device, wrong_message: str) -> bool:
    """Whether the form's code is right for ``device``; puts the reason on the form if not."""
    try:
        if device is not None and two_factor.check_code(
            device=device, code=form.cleaned_data["code"]
        ):
            return True
    except two_factor.TooManyAttempts as error:
        form.add_error("code", str(error))
        return False
    form.add_error("code", wrong_message)
    return False


@login_required
def set_up(request):
    if two_factor.app_device(user=request.user) is not None:
        return redirect("accounts:your_account")
    device = two_factor.unconfirmed_app(user=request.user)
    next_url = _next_url(request)
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.confirm_app(device=device, code=form.cleaned_data["code"])
        except two_factor.TooManyAttempts as error:
            form.add_error("code", str(error))
        else:
            if codes is None:
                form.add_error("code", WRONG_APP_CODE)
            else:
                _sign_in_with(request, device)
                request.session[NEW_CODES_SESSION_KEY] = codes
                return redirect(_with_next(reverse("accounts:two_factor_codes"), next_url))
    qr_code = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/two_factor/set_up.html",
        {
            "form": form,
            "next": next_url,
            "required": two_factor.two_factor_required(user=request.user),
            "qr_code": qr_code.svg_data_uri(scale=5, border=4, dark="#0b0c0c", light="#ffffff"),
            "secret": two_factor.secret_for_typing(device),
        },
    )


@login_required
def recovery_codes(request):
    """The codes just made, shown once: they are taken out of the session as they are shown."""
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:your_account")
    return render(
        request,
        "accounts/two_factor/recovery_codes.html",
        {
            "codes": [two_factor.readable_recovery_code(code) for code in codes],
            "next": _next_url(request),
        },
    )


@login_required
def new_recovery_codes(request):
    if two_factor.app_device(user=request.user) is None:
        return redirect("accounts:your_account")
    if request.method == "POST":
        request.session[NEW_CODES_SESSION_KEY] = two_factor.new_recovery_codes(user=request.user)
        return redirect(
            _with_next(reverse("accounts:two_factor_codes"), reverse("accounts:your_account"))
        )
    return render(
        request,
        "accounts/two_factor/new_recovery_codes.html",
        {"codes_left": two_factor.status_of(user=request.user).recovery_codes_left},
    )


@login_required
def verify(request):
    """The code asked for after the password, when the person has an app."""
    device = two_factor.app_device(user=request.user)
    next_url = _next_url(request)
    if device is None or request.user.is_verified():
        return redirect(next_url)
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check(form, device, WRONG_APP_CODE):
        _sign_in_with(request, device)
        return redirect(next_url)
    return render(request, "accounts/two_factor/verify.html", {"form": form, "next": next_url})


@login_required
def verify_with_recovery_code(request):
    next_url = _next_url(request)
    if two_factor.app_device(user=request.user) is None or request.user.is_verified():
        return redirect(next_url)
    device = two_factor.recovery_device(user=request.user)
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check(form, device, WRONG_RECOVERY_CODE):
        _sign_in_with(request, device)
        left = device.token_set.count()
        messages.warning(
            request,
            f"You have {left} recovery code{'' if left == 1 else 's'} left. "
            "Get new ones from Your account if you are running out or have lost your phone.",
        )
        return redirect(next_url)
    return render(
        request, "accounts/two_factor/verify_recovery_code.html", {"form": form, "next": next_url}
    )


@login_required
def turn_off(request):
    status = two_factor.status_of(user=request.user)
    if status.app is None:
        return redirect("accounts:your_account")
    if status.required:
        raise PermissionDenied(
            "Two-factor authentication is required for your role, so it cannot be turned off."
        )
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check(form, status.app, WRONG_APP_CODE):
        two_factor.remove_devices(person=request.user)
        messages.success(request, "Two-factor authentication is off.")
        return redirect("accounts:your_account")
    return render(request, "accounts/two_factor/turn_off.html", {"form": form})


def reset_for_person(request, user_pk: int):
    """The programme team's reset of a lost phone, from the Wagtail admin's users listing."""
    if not can_reset_two_factor(user=request.user):
        raise PermissionDenied("Only administrators reset a person's two-factor authentication.")
    person = get_object_or_404(get_user_model(), pk=user_pk)
    if request.method == "POST":
        removed = two_factor.remove_devices(person=person)
        messages.success(
            request,
            f"Two-factor authentication of {display_name(person)} has been reset."
            if removed
            else f"{display_name(person)} had no two-factor authentication to reset.",
        )
        return redirect("wagtailusers_users:index")
    return render(
        request,
        "accounts/two_factor/admin_reset.html",
        {"person": person, "status": two_factor.status_of(user=person)},
    )
