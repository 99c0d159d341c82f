"""The model standard is hidden while a council answers, so that it does not anchor the answers,
and shown with the results; the programme team switches it per framework version."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest

from fidelity.framework_file import FrameworkContent
from fidelity.framework_services import copy_framework
from fidelity.models import FrameworkVersion
from fidelity.selectors import section_keys
from tests.fidelity.journey import section_url

pytestmark = pytest.mark.django_db


def answering_pages(client, assessment):
    for key in section_keys(assessment.framework):
        yield client.get(section_url(assessment, key)).content.decode()
    yield client.get(
        reverse("fidelity:check_answers", kwargs={"pk": assessment.pk})
    ).content.decode()


def test_the_answering_pages_hide_the_model_standard_by_default(client, draft, wb_lead):
    assert not draft.framework.reference_shown_while_answering
    client.force_login(wb_lead)
    for content in answering_pages(client, draft):
        assert "Model standard" not in content and "model standard" not in content
    # The critical indicators still say so, with the hint the radios point to.
    domain = section_keys(draft.framework)[1]
    content = client.get(section_url(draft, domain)).content.decode()
    critical = draft.framework.indicators.filter(domain__slug=domain, critical=True).first()
    assert f'id="id_{domain}-{critical.slug}-level-hint"' in content
    plain = draft.framework.indicators.filter(domain__slug=domain, critical=False).first()
    assert f"id_{domain}-{plain.slug}-level-hint" not in content  # no empty hint to point to


def test_the_framework_version_can_show_it(client, draft, wb_lead):
    FrameworkVersion.objects.filter(pk=draft.framework_id).update(
        reference_shown_while_answering=True
    )
    domain = section_keys(draft.framework)[1]
    client.force_login(wb_lead)
    content = client.get(section_url(draft, domain)).content.decode()
    indicators = draft.framework.indicators.filter(domain__slug=domain)
    assert content.count("Model standard: ") == indicators.count()
    first = indicators.first()
    assert f"Model standard: {first.reference_level}." in content
    assert f'aria-describedby="id_{domain}-{first.slug}-level-hint"' in content


def test_the_results_show_it_whatever_the_switch(client, submitted, wb_lead):
    assert not submitted.framework.reference_shown_while_answering
    client.force_login(wb_lead)
    content = client.get(reverse("fidelity:results", kwargs={"pk": submitted.pk})).content.decode()
    assert "Domains against the model standard" in content
    assert "model standard and what it rests on" in content


def test_a_copy_keeps_the_switch_and_reloading_the_file_leaves_it(framework):
    FrameworkVersion.objects.filter(pk=framework.pk).update(reference_shown_while_answering=True)
    framework.refresh_from_db()
    copy = copy_framework(framework=framework, version="2099.1")
    assert copy.reference_shown_while_answering
    loader = FrameworkContent()
    assert loader.check(settings.CONTENT_DIR) == []
    loader.write()
    framework.refresh_from_db()
    assert framework.reference_shown_while_answering  # the admin's choice, not the file's


# The switch in the admin ---------------------------------------------------------------------


@pytest.fixture
def superuser_client(client):
    client.force_login(
        get_user_model().objects.create_superuser("admin", "admin@example.invalid", "not-real")
    )
    return client


def edit_version(client, framework, **changes):
    edit = reverse(FrameworkVersion.snippet_viewset.get_url_name("edit"), args=[framework.pk])
    data = {
        "version": framework.version,
        "title": framework.title,
        "green_threshold": framework.green_threshold,
        "amber_threshold": framework.amber_threshold,
    } | changes
    return client.post(edit, {k: v for k, v in data.items() if v is not None})


def test_the_programme_team_switches_it_even_on_a_frozen_version(superuser_client, submitted):
    framework = submitted.framework  # frozen: a submitted assessment uses it
    edit = reverse(FrameworkVersion.snippet_viewset.get_url_name("edit"), args=[framework.pk])
    page = superuser_client.get(edit).content.decode()
    assert "Only whether councils see the model standard while they answer can still be" in page
    assert 'name="reference_shown_while_answering"' in page

    response = edit_version(superuser_client, framework, reference_shown_while_answering="on")
    assert response.status_code == 302
    framework.refresh_from_db()
    assert framework.reference_shown_while_answering

    edit_version(superuser_client, framework)  # unticked: hidden again
    framework.refresh_from_db()
    assert not framework.reference_shown_while_answering


def test_a_frozen_version_still_refuses_any_other_change_with_the_switch(
    superuser_client, submitted
):
    framework = submitted.framework
    response = edit_version(
        superuser_client, framework, title="Renamed", reference_shown_while_answering="on"
    )
    assert "is used by submitted assessments" in response.content.decode()
    framework.refresh_from_db()
    assert framework.title != "Renamed" and not framework.reference_shown_while_answering
