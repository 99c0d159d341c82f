"""Two-factor authentication: who needs it, and setting it up, checking it and resetting it.

The second factor is an authenticator app (django-otp's TOTPDevice); ten single-use recovery
codes (a StaticDevice) stand in for a lost phone. An app is unconfirmed until the person enters
a code from it, and only a confirmed app counts. django-otp throttles wrong codes itself, per
device, with a doubling wait (1, 2, 4, 8... seconds); a code is never accepted twice.
"""

import math
import re
from base64 import b32encode
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

import django_otp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from authorities.permissions import leads_a_council
from cohorts.permissions import is_reviewer

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


class TooManyAttempts(Exception):
    """django-otp makes the person wait after wrong codes; the message says how long."""

    def __init__(self, wait_seconds: int):
        self.wait_seconds = wait_seconds
        unit = "second" if wait_seconds == 1 else "seconds"
        super().__init__(
            f"You have entered a wrong code too many times. Wait {wait_seconds} {unit}, "
            "then try again."
        )


def needs_two_factor(*, user) -> bool:
    """Whether ``user``'s roles call for two-factor: council leads, reviewers (assigned to a
    cohort), anyone who can open the Wagtail admin (editors) and superusers."""
    return user.is_authenticated and (
        user.is_superuser
        or user.has_perm("wagtailadmin.access_admin")
        or leads_a_council(user=user)
        or is_reviewer(user=user)
    )


def two_factor_required(*, user) -> bool:
    """Whether ``user`` must set up two-factor before using the service (TWO_FACTOR_REQUIRED is
    on under the production settings only)."""
    return settings.TWO_FACTOR_REQUIRED and needs_two_factor(user=user)


def app_device(*, user) -> TOTPDevice | None:
    """``user``'s confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def recovery_device(*, user) -> StaticDevice | None:
    return StaticDevice.objects.devices_for_user(user, confirmed=True).first()


def step_needed(*, user) -> str | None:
    """What a signed-in person whose session is not yet verified must do before anything else:
    "verify" once they have an app (whatever the setting), "set_up" if two-factor is required
    for them and they have none, or None."""
    if app_device(user=user) is not None:
        return "verify"
    if two_factor_required(user=user):
        return "set_up"
    return None


@dataclass(frozen=True)
class TwoFactorStatus:
    app: TOTPDevice | None
    recovery_codes_left: int
    required: bool


def status_of(*, user) -> TwoFactorStatus:
    recovery = recovery_device(user=user)
    return TwoFactorStatus(
        app=app_device(user=user),
        recovery_codes_left=recovery.token_set.count() if recovery else 0,
        required=two_factor_required(user=user),
    )


def unconfirmed_app(*, user) -> TOTPDevice:
    """The app ``user`` is setting up: the same secret until they confirm it, so reloading the
    page keeps the QR code their app may already have scanned."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_for_typing(device: TOTPDevice) -> str:
    """The app's secret as people type it into an app: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalise_app_code(code: str) -> str:
    return re.sub(r"\s", "", code)


def normalise_recovery_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).lower()


def check_code(*, device, code: str) -> bool:
    """Whether ``code`` is right for ``device``, counting a wrong one towards django-otp's
    throttle. TooManyAttempts while the device makes the person wait."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        wait = (details["locked_until"] - timezone.now()).total_seconds()
        raise TooManyAttempts(max(1, math.ceil(wait)))
    return django_otp.verify_token(device.user, device.persistent_id, code) is not None


@transaction.atomic
def confirm_app(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Turn two-factor on once ``code`` shows the app holds the secret: the app is confirmed,
    any other app of the person removed, and new recovery codes returned (None: wrong code)."""
    if not check_code(device=device, code=code):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(user=device.user)


@transaction.atomic
def new_recovery_codes(*, user) -> list[str]:
    """Ten new single-use recovery codes for ``user``; any earlier ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def readable_recovery_code(code: str) -> str:
    """A recovery code in two groups of four, as it is shown; typed either way."""
    return f"{code[:4]} {code[4:]}"


def remove_devices(*, person) -> int:
    """Delete every two-factor device of ``person`` (app and recovery codes): the programme team
    resets a lost phone this way, and the person then sets up again at their next sign-in.
    Returns how many devices were removed."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        devices = model.objects.filter(user=person)
        removed += devices.count()
        devices.delete()
    return removed
