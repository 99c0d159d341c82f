"""Password guessing, with django-axes (settings: AXES_*): who is asking, what a locked-out
person is told, and how long the records of failed attempts are kept.

A lock is per username and, separately, per address. Axes counts failed password checks wherever
they go through ``authenticate()``: the site's and the admin's sign-in, and the current password
asked on "Change your password".
"""

import datetime
import ipaddress
import math

from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset


def _valid_address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip_address(request: HttpRequest) -> str | None:
    """The address the request came from: behind TRUSTED_PROXY_COUNT proxies, the entry of
    X-Forwarded-For the outermost proxy added (entries further left are the client's to
    choose); otherwise, or if the header is short or malformed, the connection's address."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(forwarded) >= proxies:
            address = _valid_address(forwarded[-proxies])
            if address:
                return address
    return _valid_address(request.META.get("REMOTE_ADDR", ""))


def lock_ends_at(request: HttpRequest, credentials: dict | None) -> datetime.datetime:
    """When every lock holding this request back ends: the username's, the address's or both
    (each ends a cool-off after its last counted failure)."""
    cool_off = get_cool_off(request)
    limit = get_failure_limit(request, credentials)
    handler = AxesProxyHandler.get_implementation()
    ends = []
    for attempts in handler.get_user_attempts(request, credentials):
        counted = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        if (counted["failures"] or 0) >= limit:
            ends.append(counted["last"] + cool_off)
    return max(ends, default=request.axes_attempt_time + cool_off)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The page for a refused sign-in: the same whether or not the username exists, and
    whether the username or the address is locked (AXES_LOCKOUT_CALLABLE)."""
    ends_at = lock_ends_at(request, credentials)
    wait = max(ends_at - timezone.now(), datetime.timedelta(0))
    response = render(
        request,
        "core/locked_out.html",
        {"ends_at": ends_at, "minutes": max(1, math.ceil(wait.total_seconds() / 60))},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(math.ceil(wait.total_seconds()))
    return response


def end_account_lock(*, username: str) -> int:
    """Forget the failed attempts at this username (after a completed password reset): the
    account is no longer locked. Attempts from an address keep counting against it, so a guesser
    cannot unlock their address by resetting a password of their own."""
    return reset(username=username)


def expired_attempts(*, now: datetime.datetime):
    """Records of failed sign-ins (username, address, browser) past their cool-off: they lock
    nothing any more. Axes deletes them at the next sign-in; apply_retention at the latest."""
    return AccessAttempt.objects.filter(attempt_time__lt=now - settings.AXES_COOLOFF_TIME)
