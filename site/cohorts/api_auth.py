"""Authentication and permission for the reviewers' API (cohorts.api).

Kept apart from the views: REST_FRAMEWORK's defaults name these classes, and DRF imports them
while rest_framework.views is still loading, so this module must not import DRF's views.
"""

import datetime

from django.utils import timezone

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission

from cohorts.models import ReviewerToken
from cohorts.permissions import is_reviewer
from core.dates import govuk_date

# last_used_at is written at most once a minute per token, not on every request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


class ReviewerTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <key>``, looked up by the key's SHA-256 hash."""

    keyword = "Bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None  # no token: anonymous, so IsAuthenticated answers 401
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Invalid Authorization header: give 'Bearer' and the token, separated by a space."
            )
        try:
            key = parts[1].decode()
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed("Invalid token.") from error
        token = (
            ReviewerToken.objects.select_related("user")
            .filter(key_hash=ReviewerToken.hash_key(key))
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("This token has been revoked.")
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(
                f"This token expired on {govuk_date(token.expires_at)}: create a new one "
                "at /review/tokens/."
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("The token's user account is inactive.")
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
            ReviewerToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token.user, token

    def authenticate_header(self, request) -> str:
        # A challenge makes DRF answer 401, not 403, when no token (or a bad one) is sent.
        return f'{self.keyword} realm="api"'


class IsReviewer(BasePermission):
    """Only users with at least one cohort; anyone else gets 403 with this message."""

    message = "Only reviewers of a cohort can use this API."

    def has_permission(self, request, view) -> bool:
        return is_reviewer(user=request.user)
