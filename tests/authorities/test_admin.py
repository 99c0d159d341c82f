"""Councils in the Wagtail admin: the programme team keeps their public facts there."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils.html import strip_tags as html_text

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


def admin_text(response) -> str:
    """What an editor reads on an admin page: its text, without tags, scripts or URLs."""
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html_text(html))


def test_the_admin_says_councils_never_authorities(admin_client):
    luton = register_council("E06000032")
    group = Group.objects.get(name="Moderators")
    pages = {
        "listing": "/admin/snippets/authorities/authority/",
        "edit": f"/admin/snippets/authorities/authority/edit/{luton.pk}/",
        "add": "/admin/snippets/authorities/authority/add/",
        "group": f"/admin/groups/edit/{group.pk}/",
        "dashboard": "/admin/",
    }
    text, html = {}, {}
    for name, url in pages.items():
        response = admin_client.get(url)
        assert response.status_code == 200, name
        text[name], html[name] = admin_text(response), response.content.decode()

    for name, words in text.items():
        assert "authorit" not in words.lower(), (name, words)
    assert "Councils" in text["listing"] and "Add council" in text["listing"]
    # The menu is drawn by JavaScript from the sidebar's JSON.
    assert '"label": "Councils"' in html["dashboard"] and "Authorities" not in html["dashboard"]
    assert "The reference council every adopter is compared with" in text["edit"]
    assert "Yorkshire and The Humber" in text["add"] and "East of England" in text["add"]
    assert "Council" in text["group"]


def test_the_councils_permissions_are_named_after_councils():
    names = set(
        Permission.objects.filter(
            content_type__app_label="authorities", codename__endswith="_authority"
        ).values_list("name", flat=True)
    )
    assert names == {
        "Can add council",
        "Can change council",
        "Can delete council",
        "Can view council",
    }


def test_the_import_permission_can_be_given_to_a_group_in_the_admin(admin_client):
    group = Group.objects.get(name="Moderators")
    permission = Permission.objects.get(
        content_type__app_label="official_statistics", codename="manage_statistics"
    )

    response = admin_client.get(f"/admin/groups/edit/{group.pk}/")

    assert "Can import official statistics" in admin_text(response)
    assert f'value="{permission.pk}"' in response.content.decode()
