"""The assessment journey through the test client, as a council member meets it."""

from django.urls import reverse

import pytest

from authorities.choices import AuditAction
from authorities.models import AuditEvent
from fidelity.models import Answer, Assessment
from fidelity.selectors import section_keys
from tests.fidelity.factories import answer_everything
from tests.fidelity.journey import context_post, domain_post, post_context, section_url

pytestmark = pytest.mark.django_db


def test_a_member_starts_an_assessment_and_sees_the_task_list(client, framework, wb_lead):
    client.force_login(wb_lead)
    response = client.post(
        reverse("fidelity:start"),
        {"authority": wb_lead.memberships.get().authority.pk, "round": "0", "prefill": "no"},
    )
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("fidelity:task_list", kwargs={"pk": assessment.pk})
    page = client.get(response["Location"])
    content = page.content.decode()
    assert "You have completed 0 of 9 sections." in content
    assert content.count("Not started") == 9
    assert AuditEvent.objects.get().action == AuditAction.STARTED


def test_continue_saves_each_section_and_moves_on(client, draft, wb_lead):
    client.force_login(wb_lead)
    response = post_context(client, draft)
    first_domain = section_keys(draft.framework)[1]
    assert response.status_code == 302
    assert response["Location"] == section_url(draft, first_domain)
    draft.refresh_from_db()
    assert draft.teams == 6 and draft.workbook_live_on.isoformat() == "2018-04-01"
    response = client.post(section_url(draft, first_domain), domain_post(draft, first_domain))
    assert response.status_code == 302
    assert (
        Answer.objects.filter(assessment=draft).count()
        == draft.framework.indicators.filter(domain__slug=first_domain).count()
    )
    page = client.get(reverse("fidelity:task_list", kwargs={"pk": draft.pk})).content.decode()
    assert "You have completed 2 of 9 sections." in page


def test_every_page_of_a_submitted_assessment_renders(client, submitted, wb_lead):
    client.force_login(wb_lead)
    for name in ["results", "results_print", "check_answers", "history", "submitted"]:
        response = client.get(reverse(f"fidelity:{name}", kwargs={"pk": submitted.pk}))
        assert response.status_code == 200, name
    response = client.get(reverse("fidelity:results", kwargs={"pk": submitted.pk}))
    assert response.status_code == 200
    radar = client.get(reverse("fidelity:radar_chart", kwargs={"pk": submitted.pk}))
    assert radar["Content-Type"] == "image/svg+xml" and b"<svg" in radar.content
    csv = client.get(reverse("fidelity:answers_csv", kwargs={"pk": submitted.pk}))
    assert csv.status_code == 200


def test_every_section_of_a_draft_renders(client, draft, wb_lead):
    client.force_login(wb_lead)
    for key in section_keys(draft.framework):
        assert client.get(section_url(draft, key)).status_code == 200
    assert client.get(reverse("fidelity:check_answers", kwargs={"pk": draft.pk})).status_code == 200
    assert client.get(reverse("fidelity:assessment_list")).status_code == 200
    assert client.get(reverse("fidelity:start")).status_code == 200


def test_resume_in_a_fresh_session_by_another_member_opens_where_the_council_left_off(
    client, draft, wb_lead, wb_contributor
):
    client.force_login(wb_lead)
    post_context(client, draft)
    first_domain = section_keys(draft.framework)[1]
    client.post(
        section_url(draft, first_domain),
        domain_post(draft, first_domain, level="", save_for_later="1")
        | {
            f"{first_domain}-{draft.framework.indicators.filter(domain__slug=first_domain).first().slug}-level": "1"
        },
    )
    client.logout()

    client.force_login(wb_contributor)  # another member, another session
    response = client.get(reverse("fidelity:section_first", kwargs={"pk": draft.pk}))
    assert response.status_code == 302
    assert response["Location"] == section_url(draft, first_domain)
    page = client.get(response["Location"])
    first = draft.framework.indicators.filter(domain__slug=first_domain).first()
    assert page.context["form"][f"{first.slug}-level"].value() == "1"
    tasks = client.get(reverse("fidelity:task_list", kwargs={"pk": draft.pk})).content.decode()
    assert "You have completed 1 of 9 sections." in tasks
    assert "In progress" in tasks
    assert "Continue where you left off" in tasks


def test_a_completed_section_reopens_with_its_answers_and_back_loses_nothing(
    client, draft, wb_lead
):
    client.force_login(wb_lead)
    post_context(client, draft)
    page = client.get(section_url(draft, "context"))
    assert page.context["form"].is_bound and page.context["form"].is_valid()
    assert page.context["form"]["teams"].value() == "6"
    assert 'value="6"' in page.content.decode()
    draft.refresh_from_db()
    assert draft.teams == 6


def test_change_link_returns_to_check_answers(client, draft, wb_lead):
    client.force_login(wb_lead)
    answer_everything(draft, wb_lead)
    data = context_post(revision=1, **{"context-teams": "7", "return": "check"})
    data[f"assessment_{draft.pk}-current_step"] = data.pop("assessment_{pk}-current_step")
    response = client.post(section_url(draft, "context"), data)
    assert response["Location"] == reverse("fidelity:check_answers", kwargs={"pk": draft.pk})
    draft.refresh_from_db()
    assert draft.teams == 7


def test_two_people_saving_the_same_section_are_shown_the_difference_and_choose(
    client, draft, wb_lead, wb_contributor
):
    client.force_login(wb_lead)
    post_context(client, draft)  # revision 0 -> 1
    # The contributor opened the page at revision 1 and saves 8 teams.
    contributor = client.__class__()
    contributor.force_login(wb_contributor)
    data = context_post(revision=1, **{"context-teams": "8"})
    data[f"assessment_{draft.pk}-current_step"] = data.pop("assessment_{pk}-current_step")
    assert contributor.post(section_url(draft, "context"), data).status_code == 302
    # The lead, still on revision 1, saves 9 teams: refused, with what changed.
    data_lead = context_post(revision=1, **{"context-teams": "9"})
    data_lead[f"assessment_{draft.pk}-current_step"] = data_lead.pop("assessment_{pk}-current_step")
    response = client.post(section_url(draft, "context"), data_lead)
    assert response.status_code == 409
    content = response.content.decode()
    assert "Someone else saved" in content and "Wb-Contributor" in content
    assert response.context["changes"] == [
        ("How many Family Safeguarding teams do you run?", "8", "9")
    ]
    draft.refresh_from_db()
    assert draft.teams == 8  # nothing overwritten
    # Choosing "replace with mine" posts the lead's answers on the new revision.
    replay = dict(response.context["posted"]) | {
        response.context["revision_field"]: str(response.context["revision"])
    }
    assert client.post(section_url(draft, "context"), replay).status_code == 302
    draft.refresh_from_db()
    assert draft.teams == 9


def test_a_stale_save_for_later_is_refused_too(client, draft, wb_lead):
    client.force_login(wb_lead)
    post_context(client, draft)
    response = post_context(client, draft, **{"context-teams": "3", "save_for_later": "1"})
    assert response.status_code == 409
    draft.refresh_from_db()
    assert draft.teams == 6
