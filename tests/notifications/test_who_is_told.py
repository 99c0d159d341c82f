"""Who is told what: sign-off, submission, a reviewer's decision, and round reminders."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cohorts.models import CohortRound
from cohorts.services import review_submission
from fidelity.services import mark_ready_for_sign_off
from notifications.models import Notification
from notifications.services import set_reminders
from tests.authorities.factories import member
from tests.fidelity.factories import answer_everything, submit_round


def subjects_for(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("subject", flat=True))


def emails_to(address: str) -> list[str]:
    return [m.subject for m in mail.outbox if address in m.to]


def with_email(user, address):
    user.email = address
    user.save()
    return user


def test_ready_for_sign_off_tells_the_councils_leads(
    draft, wb_lead, wb_contributor, luton_lead, django_capture_on_commit_callbacks
):
    with_email(wb_lead, "lead@example.gov.uk")
    answer_everything(draft, wb_contributor)
    with django_capture_on_commit_callbacks(execute=True):
        mark_ready_for_sign_off(assessment=draft, user=wb_contributor)
    assert subjects_for(wb_lead) == ["West Berkshire Baseline is ready for sign-off"]
    assert emails_to("lead@example.gov.uk") == ["West Berkshire Baseline is ready for sign-off"]
    assert subjects_for(luton_lead) == [] and subjects_for(wb_contributor) == []


def test_a_submission_tells_the_cohorts_reviewers_once(
    draft, wb_lead, reviewer, other_reviewer, cohort, django_capture_on_commit_callbacks
):
    cohort.reviewers.add(reviewer)
    with_email(reviewer, "reviewer@example.gov.uk")
    answer_everything(draft, wb_lead)
    with django_capture_on_commit_callbacks(execute=True):
        submit_round(draft, wb_lead)
    assert subjects_for(reviewer) == ["West Berkshire Baseline has been submitted for review"]
    assert emails_to("reviewer@example.gov.uk") == subjects_for(reviewer)
    assert subjects_for(other_reviewer) == []  # not their cohort


def test_a_return_tells_the_leads_and_the_submitter_with_the_comment(
    submitted, wb_lead, west_berkshire, reviewer, cohort, django_capture_on_commit_callbacks
):
    cohort.reviewers.add(reviewer)
    second_lead = with_email(member("second-lead", west_berkshire, "lead"), "two@example.gov.uk")
    contributor = member("quiet-contributor", west_berkshire)
    with django_capture_on_commit_callbacks(execute=True):
        review_submission(
            reviewer=reviewer,
            cohort=cohort,
            assessment=submitted,
            submitted_at=submitted.submitted_at,
            outcome="returned",
            comment="Add the evidence for supervision.",
        )
    for person in (wb_lead, second_lead):
        [notification] = Notification.objects.filter(recipient=person)
        assert notification.subject == "West Berkshire Baseline has been returned for changes"
        assert "Add the evidence for supervision." in notification.body
    assert "Add the evidence for supervision." in mail.outbox[-1].body
    assert subjects_for(contributor) == []


def test_reminders_go_once_before_the_due_date_and_once_when_overdue(
    cohort, wb_lead, wb_contributor, luton_lead, submitted, django_capture_on_commit_callbacks
):
    with_email(wb_contributor, "wb@example.gov.uk")
    with_email(luton_lead, "luton@example.gov.uk")
    today = timezone.localdate()
    six_months = CohortRound.objects.create(
        cohort=cohort, round=6, due_date=today + datetime.timedelta(days=10)
    )
    CohortRound.objects.create(
        cohort=cohort, round=12, due_date=today + datetime.timedelta(days=60)
    )
    set_reminders(user=wb_lead, wanted=False)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
        call_command("send_reminders")  # twice: nothing is sent twice
    due = f"{six_months.due_date:%-d %B %Y}"
    assert emails_to("wb@example.gov.uk") == [
        f"West Berkshire's 6 months self-assessment is due on {due}"
    ]
    assert emails_to("luton@example.gov.uk") == [
        f"Luton's 6 months self-assessment is due on {due}"
    ]
    assert subjects_for(wb_lead) == []  # turned reminders off

    CohortRound.objects.filter(pk=six_months.pk).update(due_date=today - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
        call_command("send_reminders")
    assert emails_to("luton@example.gov.uk")[-1] == "Luton's 6 months self-assessment is overdue"
    assert len(emails_to("luton@example.gov.uk")) == 2


def test_a_submitted_round_is_not_reminded(
    cohort, submitted, wb_contributor, django_capture_on_commit_callbacks
):
    CohortRound.objects.create(
        cohort=cohort, round=0, due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
    assert subjects_for(wb_contributor) == []
