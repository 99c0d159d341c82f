from django.urls import path

from fidelity import consensus_views, views

app_name = "fidelity"

section_wizard = views.SectionWizard.as_view(
    url_name="fidelity:section", done_step_name=views.DONE_STEP
)

urlpatterns = [
    path("", views.assessment_list, name="assessment_list"),
    path("start/", views.start_assessment, name="start"),
    path("<int:pk>/", views.task_list, name="task_list"),
    path("<int:pk>/sections/", section_wizard, name="section_first"),
    path("<int:pk>/sections/<slug:step>/", section_wizard, name="section"),
    path("<int:pk>/check/", views.check_answers, name="check_answers"),
    path("<int:pk>/ready/", views.ready_for_sign_off, name="ready_for_sign_off"),
    path("<int:pk>/submitted/", views.submitted, name="submitted"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results/print/", views.results_print, name="results_print"),
    path("<int:pk>/results/radar.svg", views.radar_chart, name="radar_chart"),
    path("<int:pk>/results/progress.svg", views.progress_chart, name="progress_chart"),
    path("<int:pk>/answers.csv", views.answers_csv, name="answers_csv"),
    path("<int:pk>/actions/<slug:indicator_slug>/", views.edit_action, name="edit_action"),
    path("<int:pk>/evidence/<int:file_pk>/", views.evidence_file, name="evidence_file"),
    path("<int:pk>/evidence/<int:file_pk>/remove/", views.remove_evidence, name="remove_evidence"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/rate/<slug:domain_slug>/", consensus_views.rate_domain, name="rate"),
    path("<int:pk>/consensus/open/", consensus_views.open_consensus, name="open_consensus"),
    path(
        "<int:pk>/consensus/<slug:domain_slug>/",
        consensus_views.consensus_domain,
        name="consensus",
    ),
]
