"""Reviewer downloads and API token pages, mounted at /review/ beside cohorts.urls."""

from django.urls import path

from cohorts import export_views, token_views

app_name = "review_exports"

urlpatterns = [
    path(
        "<int:cohort_pk>/export/overview.csv",
        export_views.overview_export,
        {"fmt": "csv"},
        name="overview_csv",
    ),
    path(
        "<int:cohort_pk>/export/overview.xlsx",
        export_views.overview_export,
        {"fmt": "xlsx"},
        name="overview_xlsx",
    ),
    path("<int:cohort_pk>/export/answers.csv", export_views.answers_csv, name="answers_csv"),
    path("<int:cohort_pk>/export/answers-excel/", export_views.answers_xlsx, name="answers_xlsx"),
    path(
        "<int:cohort_pk>/export/answers-excel/<int:pk>/",
        export_views.answers_xlsx_status,
        name="answers_xlsx_status",
    ),
    path(
        "<int:cohort_pk>/export/answers-excel/<int:pk>/answers.xlsx",
        export_views.answers_xlsx_download,
        name="answers_xlsx_download",
    ),
    path(
        "<int:cohort_pk>/export/agreement.csv",
        export_views.agreement_export,
        {"fmt": "csv"},
        name="agreement_csv",
    ),
    path(
        "<int:cohort_pk>/export/agreement.xlsx",
        export_views.agreement_export,
        {"fmt": "xlsx"},
        name="agreement_xlsx",
    ),
    path("tokens/", token_views.token_list, name="token_list"),
    path("tokens/new/", token_views.token_create, name="token_create"),
    path("tokens/<int:pk>/revoke/", token_views.token_revoke, name="token_revoke"),
]
