"""A council's milestone plan, under /milestones/ (see plan_views)."""

from django.urls import path

from cohorts import plan_views

app_name = "milestones"

urlpatterns = [
    path("", plan_views.plan_list, name="plan_list"),
    path("<int:authority_pk>/", plan_views.plan, name="plan"),
    path("<int:authority_pk>/timeline.svg", plan_views.timeline_chart, name="timeline_chart"),
    # Before the milestone pages: milestone_file refuses "history" as a milestone slug.
    path("<int:authority_pk>/history/", plan_views.history, name="history"),
    path("<int:authority_pk>/<slug:milestone_slug>/", plan_views.edit_milestone, name="edit"),
]
