"""The service navigation's link to the local returns: council members and reviewers only."""

import datetime

from django.contrib.auth import get_user_model

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from authorities.choices import MembershipRole
from authorities.models import Membership
from cohorts.models import Cohort

pytestmark = pytest.mark.django_db

RETURNS_LINK = 'href="/returns/"'


def user(name: str):
    return get_user_model().objects.create_user(name, password="not-a-real-password")


def test_anonymous_visitors_see_outcomes_but_not_returns(client, home_page):
    response = client.get("/outcomes/")

    assertContains(response, 'href="/outcomes/"')
    assertNotContains(response, RETURNS_LINK)


def test_a_council_member_sees_local_returns(client, home_page, luton):
    member = user("member")
    Membership.objects.create(user=member, authority=luton, role=MembershipRole.CONTRIBUTOR)
    client.force_login(member)

    assertContains(client.get("/outcomes/"), RETURNS_LINK)


def test_a_reviewer_sees_local_returns_and_the_cohorts_on_the_list(client, home_page, luton):
    reviewer = user("reviewer")
    cohort = Cohort.objects.create(
        name="Innovation Programme 2017", programme="IP", start_date=datetime.date(2017, 4, 1)
    )
    cohort.councils.add(luton)
    cohort.reviewers.add(reviewer)
    client.force_login(reviewer)

    response = client.get("/returns/")

    assertContains(response, RETURNS_LINK)
    assertContains(response, f'href="/returns/review/{cohort.pk}/"')
    assertNotContains(response, "not a member of any council")


def test_a_signed_in_outsider_does_not_see_local_returns(client, home_page):
    client.force_login(user("outsider"))

    assertNotContains(client.get("/outcomes/"), RETURNS_LINK)
