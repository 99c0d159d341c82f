"""Your account, changing and resetting a password, and the home after sign-in."""

import datetime
import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from cohorts.due_dates import send_reminders
from cohorts.models import CohortRound
from cohorts.services import review_submission
from fidelity.models import Indicator, PlannedAction
from notifications.models import Notification
from tests.authorities.factories import PASSWORD
from tests.fidelity.factories import answer_everything
from tests.pages import assert_no_template_syntax

NEW_PASSWORD = "a-long-and-unusual-passphrase"


def test_signing_in_lands_on_the_home_page(client, wb_lead):
    response = client.post(reverse("login"), {"username": "wb-lead", "password": PASSWORD})
    assert response.url == reverse("accounts:home")


def test_the_sign_in_page_links_to_the_password_reset(client, db):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}">Forgotten your password?' in page


def test_your_account_lists_councils_cohorts_and_roles(client, wb_lead, reviewer, cohort):
    cohort.reviewers.add(wb_lead)
    client.force_login(wb_lead)
    page = client.get(reverse("accounts:your_account"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "West Berkshire" in text and "Lead" in text
    assert "Innovation Programme 2017" in text
    assert_no_template_syntax(page)


def test_a_password_change_keeps_this_session_and_needs_the_current_password(client, wb_lead):
    client.force_login(wb_lead)
    url = reverse("accounts:change_password")
    wrong = client.post(
        url, {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert wrong.status_code == 200 and "There is a problem" in wrong.content.decode()
    done = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.url == reverse("accounts:your_account")
    wb_lead.refresh_from_db()
    assert wb_lead.check_password(NEW_PASSWORD)
    assert client.get(reverse("accounts:your_account")).status_code == 200


def test_a_forgotten_password_is_reset_by_an_emailed_link_that_works_once(
    client, wb_lead, django_capture_on_commit_callbacks
):
    wb_lead.email = "lead@example.gov.uk"
    wb_lead.save()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("password_reset"), {"email": "LEAD@example.gov.uk"})
    assert sent.url == reverse("password_reset_done")
    [email] = mail.outbox
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", email.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.url == reverse("password_reset_complete")
    wb_lead.refresh_from_db()
    assert wb_lead.check_password(NEW_PASSWORD)
    again = client.get(link, follow=True)
    assert "This link cannot be used" in again.content.decode()


def test_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("password_reset"), {"email": "nobody@example.gov.uk"})
    assert sent.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_reminders_can_be_turned_off(client, wb_lead):
    client.force_login(wb_lead)
    client.post(reverse("accounts:update_reminders"), {})
    assert (
        'id="id_reminders" name="reminders" type="checkbox" value="on">'
        in client.get(reverse("accounts:your_account")).content.decode()
    )
    client.post(reverse("accounts:update_reminders"), {"reminders": "on"})
    assert 'value="on" checked' in client.get(reverse("accounts:your_account")).content.decode()


def test_the_council_home_shows_round_due_date_actions_milestones_and_returns(
    client, wb_lead, submitted, cohort, django_assert_max_num_queries
):
    today = timezone.localdate()
    CohortRound.objects.create(cohort=cohort, round=0, due_date=today - datetime.timedelta(days=3))
    CohortRound.objects.create(cohort=cohort, round=6, due_date=today + datetime.timedelta(days=40))
    action = PlannedAction.objects.create(
        assessment=submitted,
        indicator=Indicator.objects.filter(domain__framework=submitted.framework).first(),
        owner="Head of service",
        due_date=today - datetime.timedelta(days=1),
    )
    client.force_login(wb_lead)
    with django_assert_max_num_queries(40):
        page = client.get(reverse("accounts:home"))
    text = page.content.decode()
    assert "Your council: West Berkshire" in text
    assert "Submitted" in text
    next_due = today + datetime.timedelta(days=40)
    assert (
        f'Next round: 6 months, due <time datetime="{next_due.isoformat()}">'
        f"{next_due:%-d %B %Y}</time>" in text
    )
    assert action.indicator.title in text and "Overdue" in text
    assert "is not in yet" in text
    assert_no_template_syntax(page)


def test_a_lead_is_shown_an_assessment_ready_for_sign_off(
    client, wb_lead, wb_contributor, draft, django_capture_on_commit_callbacks
):
    answer_everything(draft, wb_lead)
    client.force_login(wb_contributor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("fidelity:ready_for_sign_off", args=[draft.pk]))
    client.force_login(wb_lead)
    text = client.get(reverse("accounts:home")).content.decode()
    assert "is ready for sign-off" in text
    assert "Check and submit it" in text


def test_the_reviewer_home_shows_waiting_submissions_and_overdue_councils(
    client, reviewer, cohort, submitted
):
    cohort.reviewers.add(reviewer)
    CohortRound.objects.create(
        cohort=cohort, round=0, due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(reviewer)
    text = client.get(reverse("accounts:home")).content.decode()
    assert "Your cohort: Innovation Programme 2017" in text
    assert "West Berkshire: Baseline" in text  # waiting for a decision
    assert "Luton: baseline round" in text  # overdue: nothing submitted


@pytest.mark.parametrize("path", ["/home/", "/account/", "/account/password/"])
def test_account_pages_send_anonymous_people_to_sign_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_home_lists_notifications_for_the_person_only(client, wb_lead, luton_lead, reviewer):
    Notification.objects.create(
        recipient=luton_lead, kind="validated", subject="Luton's news", body="B"
    )
    Notification.objects.create(recipient=wb_lead, kind="validated", subject="Your news", body="B")
    client.force_login(wb_lead)
    text = client.get(reverse("accounts:home")).content.decode()
    assert "Your news" in text and "Luton's news" not in text
    assert send_reminders() == 0  # no due dates set: nothing to remind


def test_a_returned_round_waits_for_every_member(
    client, wb_contributor, submitted, reviewer, cohort
):
    cohort.reviewers.add(reviewer)
    review_submission(
        reviewer=reviewer,
        cohort=cohort,
        assessment=submitted,
        submitted_at=submitted.submitted_at,
        outcome="returned",
        comment="More.",
    )
    client.force_login(wb_contributor)
    text = client.get(reverse("accounts:home")).content.decode()
    assert "A reviewer returned the baseline assessment for changes" in text
