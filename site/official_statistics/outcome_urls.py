"""Public outcomes pages, under /outcomes/ (see outcome_views)."""

from django.urls import path

from official_statistics import outcome_views

app_name = "outcomes"

urlpatterns = [
    path("", outcome_views.outcome_index, name="index"),
    path("<str:ons_code>/", outcome_views.authority_outcomes, name="authority"),
    path("<str:ons_code>/<slug:slug>.svg", outcome_views.measure_chart, name="chart"),
]
