"""Every service that takes a user checks that user's scope itself, whichever view (or script)
calls it: a council's data is changed only by its members, a review only by the cohort's
reviewers, official statistics only by reviewers and superusers."""

import datetime

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.test import TestCase

import pytest

from authorities.choices import MembershipRole
from cohorts.services import review_submission, update_milestone
from core.choices import WorkStatus
from fidelity import services as fidelity_services
from fidelity.models import Indicator
from official_statistics.models import Observation
from outcomes import services as outcome_services
from outcomes.choices import StatisticsFile
from outcomes.models import StatisticsUpload
from tests.authorities.factories import UserFactory, member
from tests.cohorts.factories import CohortFactory
from tests.official_statistics.dfe_files import children_in_need

pytestmark = pytest.mark.django_db


def test_another_council_cannot_save_a_section_or_plan_an_action(draft, submitted, luton_lead):
    with pytest.raises(PermissionDenied):
        fidelity_services.save_section(
            assessment=draft, key="context", values={}, base_revision=0, user=luton_lead
        )
    indicator = Indicator.objects.filter(framework=submitted.framework).first()
    with pytest.raises(PermissionDenied):
        fidelity_services.update_planned_action(
            assessment=submitted,
            indicator=indicator,
            base_revision=0,
            owner="Someone",
            due_date=None,
            status="not-started",
            user=luton_lead,
        )
    assert not submitted.planned_actions.exists()


def test_a_contributor_cannot_submit(draft, west_berkshire):
    contributor = member("contributor", west_berkshire, MembershipRole.CONTRIBUTOR)
    with pytest.raises(PermissionDenied):
        fidelity_services.submit_assessment(assessment=draft, user=contributor, declaration=True)


def test_only_the_cohorts_reviewers_record_a_review(submitted, cohort, other_reviewer, wb_lead):
    assert other_reviewer.reviewed_cohorts.exists()  # a reviewer, of another cohort
    for user in (other_reviewer, wb_lead):
        with pytest.raises(PermissionDenied):
            review_submission(
                reviewer=user,
                cohort=cohort,
                assessment=submitted,
                submitted_at=submitted.submitted_at,
                outcome="validated",
                comment="",
            )
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_a_member_of_the_council_never_reviews_it_even_when_assigned(submitted, cohort, wb_lead):
    cohort.reviewers.add(wb_lead)
    with pytest.raises(PermissionDenied, match="cannot review its own"):
        review_submission(
            reviewer=wb_lead,
            cohort=cohort,
            assessment=submitted,
            submitted_at=submitted.submitted_at,
            outcome="validated",
            comment="",
        )


def test_another_council_cannot_change_a_milestone_or_a_return(
    west_berkshire, luton_lead, milestones
):
    with pytest.raises(PermissionDenied):
        update_milestone(
            user=luton_lead,
            authority=west_berkshire,
            milestone=milestones[0],
            base_revision=0,
            target_date=None,
            actual_date=None,
            status="not-started",
            note="",
        )
    with pytest.raises(PermissionDenied):
        outcome_services.save_local_return(
            user=luton_lead,
            authority=west_berkshire,
            quarter=datetime.date(2024, 1, 1),
            values={"days_in_care": None},
            base_revision="",
        )


@pytest.mark.parametrize("who", ["reviewer", "group_only", "council_lead", "staff"])
def test_only_statistics_managers_and_superusers_upload_statistics(tmp_path, wb_lead, who):
    content = children_in_need(tmp_path).read_bytes()
    group_only = UserFactory(username="group-only")
    group_only.groups.add(Group.objects.get(name="Reviewers"))
    reviewer = UserFactory(username="assigned")
    CohortFactory(reviewers=[reviewer])
    user = {
        "reviewer": reviewer,
        "group_only": group_only,
        "council_lead": wb_lead,
        "staff": UserFactory(username="staff", is_staff=True),
    }[who]
    with pytest.raises(PermissionDenied):
        outcome_services.start_statistics_upload(
            user=user, kind=StatisticsFile.EES, content=content, file_name="cin.csv"
        )
    assert not StatisticsUpload.objects.exists()
    assert not Observation.objects.exists()

    manager = UserFactory(username="manager")
    manager.groups.add(Group.objects.get(name="Statistics managers"))
    with TestCase.captureOnCommitCallbacks(execute=True):
        upload = outcome_services.start_statistics_upload(
            user=manager,
            kind=StatisticsFile.EES,
            content=content,
            file_name="cin.csv",
            dataset="cin",
        )
    upload.refresh_from_db()
    assert upload.status == WorkStatus.DONE
    assert Observation.objects.filter(dataset="cin").exists()
