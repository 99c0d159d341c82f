"""The council's side of a round's review, under /assessments/ (see council_review_views)."""

from django.urls import path

from cohorts import council_review_views

app_name = "council_review"

urlpatterns = [
    path("<int:pk>/review/", council_review_views.threads, name="threads"),
    path("<int:pk>/review/reply/", council_review_views.reply, name="reply"),
]
