"""Response headers every page needs: the Content Security Policy (the Wagtail admin gets its
own, looser one), no caching of what signed-in people see, and the Permissions-Policy."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers

from csp.middleware import CSPMiddleware, PolicyParts

ADMIN_PATH_PREFIX = "/admin/"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(ADMIN_PATH_PREFIX)
        ):
            parts.config = settings.WAGTAIL_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
            parts.nonce = None
        return parts


class PrivateResponsesMiddleware:
    """Nothing shown to a signed-in person, or sent to an API token, is kept by a browser's or a
    shared cache: council data must not outlive the session on a shared computer. Directives a
    view set are kept, the stricter one winning (Django's never-cache headers merge into them).
    It runs after the view, so a reviewer authenticated by a bearer token (DRF sets the user
    on the request) counts as signed in, and so does a refused token (Authorization sent)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META:
            add_never_cache_headers(response)
        return response


class PermissionsPolicyMiddleware:
    """Turns off browser features the site never uses (settings.PERMISSIONS_POLICY), so
    injected or framed content cannot use them either. On every response, the admin's too."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
