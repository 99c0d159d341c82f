"""Councils' quarterly local returns, under /returns/ (see returns_views)."""

from django.urls import path

from outcomes import returns_views

app_name = "returns"

urlpatterns = [
    path("", returns_views.return_list, name="list"),
    path("review/<int:cohort_pk>/", returns_views.review, name="review"),
    path("<int:authority_pk>/", returns_views.authority_returns, name="authority"),
    path("<int:authority_pk>/quarter/", returns_views.edit_quarter, name="edit"),
    path("<int:authority_pk>/upload/", returns_views.upload, name="upload"),
    path("<int:authority_pk>/template.csv", returns_views.template, name="template"),
    path("<int:authority_pk>/sign-off/", returns_views.sign_off, name="sign_off"),
    path("<int:authority_pk>/reopen/", returns_views.reopen, name="reopen"),
]
