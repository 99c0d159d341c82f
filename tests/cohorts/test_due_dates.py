"""Round due dates: set by the programme team in the admin, seen by reviewers, flagged when late."""

import datetime

from django.urls import reverse
from django.utils import timezone

from cohorts.due_dates import overdue_councils
from cohorts.models import CohortRound


def test_the_overview_flags_councils_past_a_due_date(client, reviewer, cohort, submitted):
    cohort.reviewers.add(reviewer)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    CohortRound.objects.create(cohort=cohort, round=0, due_date=yesterday)
    client.force_login(reviewer)
    text = client.get(reverse("review:overview", args=[cohort.pk])).content.decode()
    assert "Round due dates" in text
    assert "1 council has not submitted a round that is past its due date" in text
    luton_row = text[text.index(">Luton<") :].split("</tr>")[0]
    wb_row = text[text.index(">West Berkshire<") :].split("</tr>")[0]
    assert "Overdue" in luton_row and "Baseline" in luton_row
    assert "Overdue" not in wb_row  # submitted


def test_a_round_due_later_or_submitted_is_not_overdue(cohort, submitted):
    today = timezone.localdate()
    CohortRound.objects.create(cohort=cohort, round=0, due_date=today)
    CohortRound.objects.create(cohort=cohort, round=6, due_date=today + datetime.timedelta(days=1))
    assert overdue_councils(cohort, today) == []
    late = overdue_councils(cohort, today + datetime.timedelta(days=2))
    assert sorted((x.authority.name, x.cohort_round.round) for x in late) == [
        ("Luton", 0),
        ("Luton", 6),
        ("West Berkshire", 6),
    ]


def test_the_programme_team_sets_due_dates_in_the_admin(
    admin_client, cohort, luton, west_berkshire
):
    url = reverse("wagtailsnippets_cohorts_cohort:edit", args=[cohort.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and "Round due dates" in page.content.decode()
    response = admin_client.post(
        url,
        {
            "name": cohort.name,
            "programme": cohort.programme,
            "start_date": "2017-04-01",
            "councils": [luton.pk, west_berkshire.pk],
            "rounds-TOTAL_FORMS": "1",
            "rounds-INITIAL_FORMS": "0",
            "rounds-MIN_NUM_FORMS": "0",
            "rounds-MAX_NUM_FORMS": "1000",
            "rounds-0-round": "6",
            "rounds-0-due_date": "2027-06-30",
            "rounds-0-ORDER": "1",
            "rounds-0-DELETE": "",
            "rounds-0-id": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [(r.round, r.due_date) for r in cohort.rounds.all()] == [(6, datetime.date(2027, 6, 30))]
