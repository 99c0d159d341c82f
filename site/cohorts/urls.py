from django.urls import path

from cohorts import views

app_name = "review"

urlpatterns = [
    path("", views.cohort_list, name="cohort_list"),
    path("<int:cohort_pk>/", views.overview, name="overview"),
    path("<int:cohort_pk>/charts/heatmap.svg", views.heatmap_chart, name="heatmap_chart"),
    path("<int:cohort_pk>/charts/rounds.svg", views.rounds_chart, name="rounds_chart"),
    path("<int:cohort_pk>/charts/milestones.svg", views.milestones_chart, name="milestones_chart"),
    path("<int:cohort_pk>/councils/<int:authority_pk>/", views.council, name="council"),
    path(
        "<int:cohort_pk>/councils/<int:authority_pk>/timeline.svg",
        views.council_timeline,
        name="council_timeline",
    ),
    path("<int:cohort_pk>/assessments/<int:assessment_pk>/", views.assessment, name="assessment"),
    path(
        "<int:cohort_pk>/assessments/<int:assessment_pk>/radar.svg",
        views.assessment_radar,
        name="assessment_radar",
    ),
    path(
        "<int:cohort_pk>/assessments/<int:assessment_pk>/evidence/<int:file_pk>/",
        views.evidence_file,
        name="evidence_file",
    ),
    path(
        "<int:cohort_pk>/assessments/<int:assessment_pk>/decision/",
        views.decide,
        name="decide",
    ),
    path(
        "<int:cohort_pk>/assessments/<int:assessment_pk>/comments/",
        views.comment,
        name="comment",
    ),
    path(
        "<int:cohort_pk>/assessments/<int:assessment_pk>/decisions/<int:decision_pk>/reopen/",
        views.reopen,
        name="reopen",
    ),
]
