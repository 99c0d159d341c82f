"""The reviewers' read-only API, mounted at /api/v1/."""

from django.http import JsonResponse
from django.urls import path, re_path

from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from cohorts import api

app_name = "api"


def not_found(request, **kwargs):
    """Anything else under /api/v1/ (an id with a dot, say) is a 404 in the API's own JSON, as
    documented, not the site's HTML page."""
    response = JsonResponse({"detail": "Not found."}, status=404)
    response["Cache-Control"] = "private, no-store"
    return response


router = SimpleRouter()
router.register("cohorts", api.CohortViewSet, basename="cohort")

urlpatterns = [
    *router.urls,
    # Public: the schema describes the endpoints and holds no council data.
    path(
        "schema/",
        SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[AllowAny]),
        name="schema",
    ),
    re_path(r"", not_found),
]
