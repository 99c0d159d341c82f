"""Fidelity against outcomes, in the reviewer workspace under /review/ (see review_views)."""

from django.urls import path

from outcomes import review_views

app_name = "review_outcomes"

urlpatterns = [
    path("<int:cohort_pk>/outcomes/", review_views.fidelity_outcomes, name="fidelity_outcomes"),
    path(
        "<int:cohort_pk>/outcomes/<slug:slug>.svg",
        review_views.scatter_chart,
        name="scatter_chart",
    ),
]
