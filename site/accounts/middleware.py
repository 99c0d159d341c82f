"""Sends a signed-in person to finish two-factor before anything else, the Wagtail admin included.

A session is verified once its person has entered a code from their app or a recovery code
(django-otp's OTPMiddleware, placed before this one, reads that from the session). Until then a
person with an app is sent to enter a code, and a person for whom two-factor is required but who
has no app is sent to set one up.

The rule covers the whole site, public pages too: until then the session has only a password
behind it, the pages would show signed-in navigation leading nowhere, and one rule without
exceptions by page is the one that cannot be got wrong. Exempt are only the pages needed to
finish or leave signing in (entering a code, setting up, signing out, resetting a password),
static and media files, and the reviewer API, which uses bearer tokens and never the session.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from accounts import two_factor

# Set once a sign-in is known to need no code; every sign-in starts without it.
NOT_NEEDED_SESSION_KEY = "two_factor_not_needed"

EXEMPT_PREFIXES = (
    "/accounts/password-reset/",
    "/accounts/reset/",  # choosing a new password from the emailed link, and its confirmation
    "/api/",
)


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt_paths = None

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not self._exempt(request.path_info)
            and not request.session.get(NOT_NEEDED_SESSION_KEY)
            and not user.is_verified()
        ):
            step = two_factor.step_needed(user=user)
            if step is not None:
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(f'accounts:two_factor_{step}')}?{query}")
            if not settings.TWO_FACTOR_REQUIRED:
                # With two-factor optional, only having an app makes a sign-in need a code, and
                # setting one up verifies the session that does it: asked once per sign-in.
                request.session[NOT_NEEDED_SESSION_KEY] = True
        return self.get_response(request)

    def _exempt(self, path: str) -> bool:
        if self._exempt_paths is None:  # the URLconf is loaded by the first request
            self._exempt_paths = {
                reverse("accounts:two_factor_verify"),
                reverse("accounts:two_factor_recovery_code"),
                reverse("accounts:two_factor_set_up"),
                reverse("logout"),
                reverse("wagtailadmin_logout"),
            }
        return path in self._exempt_paths or path.startswith(
            (*EXEMPT_PREFIXES, settings.STATIC_URL, settings.MEDIA_URL)
        )


def forget_two_factor_check(sender, request, user, **kwargs):
    """Every sign-in is checked afresh (connected to user_logged_in by accounts.apps)."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(NOT_NEEDED_SESSION_KEY, None)
