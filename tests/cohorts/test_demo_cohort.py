"""The demo cohort: four councils of the 2017 Innovation Programme, illustrative data for each."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

import pytest

from cohorts.models import Cohort
from cohorts.selectors import milestone_plan

pytestmark = pytest.mark.django_db


def test_demo_data_builds_the_innovation_programme_cohort(framework, milestones, client):
    call_command("load_demo_data", stdout=StringIO())
    cohort = Cohort.objects.get(name="Innovation Programme 2017")
    assert sorted(cohort.councils.values_list("name", flat=True)) == [
        "Bracknell Forest",
        "Luton",
        "Peterborough",
        "West Berkshire",
    ]
    assert list(cohort.reviewers.values_list("username", flat=True)) == ["reviewer"]
    for council in cohort.councils.all():
        rounds = set(council.assessments.values_list("round", flat=True))
        # West Berkshire also has the 12-month round its members rate on their own.
        assert rounds == ({0, 6, 12} if council.ons_code == "E06000037" else {0, 6}), council
        plan = milestone_plan(council)
        assert plan.done > 0
        on_track = [r for r in plan.rows if r.status == "on-track"]
        assert all(not r.late for r in on_track)  # targets set from the day of loading
    assert sum(milestone_plan(c).late for c in cohort.councils.all()) >= 4

    client.post(reverse("login"), {"username": "reviewer", "password": "family-safeguarding-demo"})
    overview = client.get(reverse("review:overview", kwargs={"cohort_pk": cohort.pk}))
    assert overview.status_code == 200 and len(overview.context["rows"]) == 4
    client.post(
        reverse("login"), {"username": "other-reviewer", "password": "family-safeguarding-demo"}
    )
    assert (
        client.get(reverse("review:overview", kwargs={"cohort_pk": cohort.pk})).status_code == 404
    )
    assert (
        "No cohort has been assigned" in client.get(reverse("review:cohort_list")).content.decode()
    )
