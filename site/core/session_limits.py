"""How long a signed-in session lasts: at most SESSION_MAX_AGE_SECONDS after signing in, and no
more than SESSION_IDLE_SECONDS between requests. The admin is covered too.

The session records when it was first seen signed in and when it was last used. The last use
is written at most once a minute, so most requests do not save the session.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect

SIGNED_IN_AT = "signed_in_at"
LAST_ACTIVE_AT = "last_active_at"
LAST_ACTIVE_PRECISION_SECONDS = 60


def ended_because(session, now: float) -> str | None:
    """Why this signed-in session has ended, or None if it has not."""
    signed_in_at = session.get(SIGNED_IN_AT)
    last_active_at = session.get(LAST_ACTIVE_AT)
    if signed_in_at is not None and now - signed_in_at > settings.SESSION_MAX_AGE_SECONDS:
        hours = settings.SESSION_MAX_AGE_SECONDS // 3600
        return f"You have been signed out because you signed in more than {hours} hours ago."
    if last_active_at is not None and now - last_active_at > settings.SESSION_IDLE_SECONDS:
        hours = settings.SESSION_IDLE_SECONDS // 3600
        return f"You have been signed out because you have not used the service for {hours} hours."
    return None


def record_sign_in(sender, request, user, **kwargs) -> None:
    """On user_logged_in: a sign-in starts both clocks, even in a session already signed in."""
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_ACTIVE_AT] = now


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            reason = ended_because(request.session, now)
            if reason:
                next_path = request.get_full_path() if request.method == "GET" else "/"
                logout(request)
                messages.info(request, reason)
                return redirect(f"{settings.LOGIN_URL}?{urlencode({'next': next_path})}")
            # A session signed in before sign-in times were recorded counts from now.
            request.session.setdefault(SIGNED_IN_AT, now)
            last_active_at = request.session.get(LAST_ACTIVE_AT)
            if last_active_at is None or now - last_active_at >= LAST_ACTIVE_PRECISION_SECONDS:
                request.session[LAST_ACTIVE_AT] = now
        return self.get_response(request)
