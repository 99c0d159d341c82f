"""The reviewers' read-only API, mounted at /api/v1/."""

from django.urls import path

from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from cohorts import api

app_name = "api"

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
]
