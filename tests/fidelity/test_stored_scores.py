"""After submission every page, chart, download, API answer and history reads the scores
stored at submission, never a fresh scoring of the answers. Each check below would show the
answers' own score (not 12.3) if it scored them again."""

import csv
import io

from django.urls import reverse

import pytest

from cohorts.services import create_reviewer_token
from fidelity import selectors
from fidelity.models import Assessment

pytestmark = pytest.mark.django_db

STORED_OVERALL = 12.3
STORED_DOMAIN_SCORE = 4.5


@pytest.fixture
def altered(reviewed_cohort) -> Assessment:
    """Council 001's 6-month round, its stored scores changed behind the answers' back."""
    assessment = Assessment.objects.get(authority__name="Council 001", round=6)
    scores = assessment.scores
    assert scores["overall"] != STORED_OVERALL
    scores["overall"] = STORED_OVERALL
    scores["domains"][0]["score"] = STORED_DOMAIN_SCORE
    Assessment.objects.filter(pk=assessment.pk).update(scores=scores)
    return Assessment.objects.get(pk=assessment.pk)


def test_the_councils_pages_and_downloads_read_the_stored_scores(client, altered, council_lead):
    client.force_login(council_lead)
    results = client.get(reverse("fidelity:results", kwargs={"pk": altered.pk}))
    assert float(results.context["results"].overall) == STORED_OVERALL
    assert str(STORED_OVERALL) in results.content.decode()
    printed = client.get(reverse("fidelity:results_print", kwargs={"pk": altered.pk}))
    assert str(STORED_OVERALL) in printed.content.decode()

    download = client.get(reverse("fidelity:answers_csv", kwargs={"pk": altered.pk}))
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert {row["Overall score (%)"] for row in rows} == {str(STORED_OVERALL)}

    radar = selectors.assessment_results(altered).radar_data()
    assert radar["council"][0] == STORED_DOMAIN_SCORE
    history = selectors.round_history(altered)
    assert [float(h.overall) for h in history][-1] == STORED_OVERALL


def test_the_reviewers_pages_and_the_api_read_the_stored_scores(
    client, altered, reviewed_cohort, reviewer
):
    client.force_login(reviewer)
    council = client.get(
        reverse(
            "review:council",
            kwargs={"cohort_pk": reviewed_cohort.pk, "authority_pk": altered.authority_id},
        )
    )
    assert str(STORED_OVERALL) in council.content.decode()
    drill_down = client.get(
        reverse(
            "review:assessment",
            kwargs={"cohort_pk": reviewed_cohort.pk, "assessment_pk": altered.pk},
        )
    )
    assert str(STORED_OVERALL) in drill_down.content.decode()
    overview = client.get(reverse("review:overview", kwargs={"cohort_pk": reviewed_cohort.pk}))
    assert str(STORED_OVERALL) in overview.content.decode()

    _, key = create_reviewer_token(user=reviewer, name="Script")
    rows = client.get(
        reverse("api:cohort-assessments", kwargs={"pk": reviewed_cohort.pk}),
        HTTP_AUTHORIZATION=f"Bearer {key}",
    ).json()
    assert next(r for r in rows if r["id"] == altered.pk)["scores"]["overall"] == STORED_OVERALL
