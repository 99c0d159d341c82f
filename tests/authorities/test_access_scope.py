"""Councils and the one access scope: a user sees only the councils they belong to."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError

import pytest

from authorities.choices import MembershipRole
from authorities.models import Authority, Membership
from authorities.permissions import authorities_for, is_lead

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def councils(module_transaction, django_db_blocker):
    """The demo data's councils, loaded once for the module (the tests only read them)."""
    with django_db_blocker.unblock():
        call_command("load_demo_data", stdout=StringIO())
        return {a.name: a for a in Authority.objects.all()}


def user(username):
    return get_user_model().objects.get(username=username)


DEMO_COUNCILS = {"Hertfordshire", "West Berkshire", "Bracknell Forest", "Luton", "Peterborough"}


def test_demo_data_gives_the_five_councils_of_the_register_their_go_live_dates(councils):
    assert {name for name, council in councils.items() if council.went_live} == DEMO_COUNCILS
    assert councils["Hertfordshire"].is_reference
    assert (
        councils["Hertfordshire"].ons_code == "E10000015"
        and councils["Hertfordshire"].dfe_number == 919
    )
    assert (
        councils["West Berkshire"].ons_code == "E06000037"
        and councils["West Berkshire"].dfe_number == 869
    )


def test_demo_data_twice_changes_nothing(councils):
    call_command("load_demo_data", stdout=StringIO())
    assert Authority.objects.count() == len(councils)  # the register's: demo data adds none
    assert Membership.objects.count() == 6  # one per council login in fixtures/demo.yaml


def test_a_user_sees_only_their_own_council(councils):
    assert list(authorities_for(user=user("wberks-contributor"))) == [councils["West Berkshire"]]
    assert list(authorities_for(user=user("luton-lead"))) == [councils["Luton"]]


@pytest.mark.parametrize("flag", ["is_staff", "is_superuser"])
def test_staff_and_editors_get_no_council_data(councils, flag):
    editor = user("editor")
    setattr(editor, flag, True)
    editor.save()
    assert not authorities_for(user=editor).exists()


def test_anonymous_users_see_nothing(councils):
    assert not authorities_for(user=AnonymousUser()).exists()


def test_only_leads_are_leads(councils):
    west_berkshire = councils["West Berkshire"]
    assert is_lead(user=user("wberks-lead"), authority=west_berkshire)
    assert not is_lead(user=user("wberks-contributor"), authority=west_berkshire)
    assert not is_lead(user=user("luton-lead"), authority=west_berkshire)


def test_one_membership_per_user_and_council(councils):
    with pytest.raises(IntegrityError):
        Membership.objects.create(
            user=user("wberks-lead"),
            authority=councils["West Berkshire"],
            role=MembershipRole.CONTRIBUTOR,
        )


def test_only_one_reference_authority(councils):
    with pytest.raises(IntegrityError):
        Authority.objects.filter(name="Luton").update(is_reference=True)


def test_ons_code_format_is_checked():
    council = Authority(name="Nowhere", ons_code="X123", dfe_number=1, region="South East")
    with pytest.raises(ValidationError, match="E followed by eight digits"):
        council.full_clean()
