"""Councils in the Wagtail admin: the programme team keeps their public facts there."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import pytest

from authorities.models import Authority
from tests.authorities.factories import register_council

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme_lead(db):
    user = get_user_model().objects.create_user("programme-lead", password="not-a-real-password")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_the_programme_team_records_a_go_live_date_but_not_the_codes(client, programme_lead):
    luton = register_council("E06000032")
    client.force_login(programme_lead)

    assert client.get("/admin/snippets/authorities/authority/").status_code == 200
    response = client.post(
        f"/admin/snippets/authorities/authority/edit/{luton.pk}/",
        {
            "name": "Luton",
            "ons_code": "E06000099",  # not theirs to change: ignored
            "dfe_number": "999",
            "region": "East of England",
            "went_live": "2017-09-04",
        },
    )

    assert response.status_code == 302
    luton.refresh_from_db()
    assert luton.went_live == datetime.date(2017, 9, 4)
    assert (luton.ons_code, luton.dfe_number) == ("E06000032", 821)


def test_the_programme_team_cannot_delete_a_council(client, programme_lead):
    luton = register_council("E06000032")
    client.force_login(programme_lead)

    response = client.post(f"/admin/snippets/authorities/authority/delete/{luton.pk}/")

    assert response.status_code == 302 and response["Location"] == "/admin/"  # refused
    assert Authority.objects.filter(pk=luton.pk).exists()
    assert client.get("/admin/snippets/authorities/authority/add/").status_code == 302


def test_council_users_have_no_admin(client):
    user = get_user_model().objects.create_user("council-user", password="not-a-real-password")
    client.force_login(user)

    assert client.get("/admin/snippets/authorities/authority/").status_code == 302
