"""The returns and statistics upload pages say plainly not to upload anything that identifies
a child or a family."""

import re

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest

from tests.pages import assert_no_template_syntax

pytestmark = pytest.mark.django_db

WARNING = "Do not upload or write anything that identifies a child or a family"
FILE_HINT = "Do not upload anything that identifies a child or a family."


def assert_warned(response) -> None:
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(WARNING) == 1
    assert re.search(
        r'<div class="govuk-hint" id="id_file-hint">[^<]*' + re.escape(FILE_HINT), html
    )
    assert_no_template_syntax(response)


def test_the_returns_upload_page_warns(client, west_berkshire, wb_contributor):
    client.force_login(wb_contributor)
    assert_warned(client.get(reverse("returns:upload", kwargs={"authority_pk": west_berkshire.pk})))


def test_the_statistics_upload_page_warns(client, home_page):
    client.force_login(
        get_user_model().objects.create_superuser(
            "admin", "admin@example.invalid", "not-a-real-password"
        )
    )
    assert_warned(client.get(reverse("statistics:upload")))
