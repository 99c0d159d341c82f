"""Edge cases found in review: each pins a rule of the journey or the results."""

from django.urls import reverse

import pytest

from fidelity import services
from fidelity.choices import AssessmentStatus
from fidelity.models import Answer, Assessment
from fidelity.selectors import section_keys, sections_incomplete
from tests.fidelity.factories import CONTEXT, answer_everything, submit_round
from tests.fidelity.journey import context_post, domain_post, post_context, section_url

pytestmark = pytest.mark.django_db


def test_an_answer_the_framework_no_longer_allows_reopens_its_section(draft, wb_lead):
    na_indicator = draft.framework.indicators.filter(allows_na=True).first()
    answer_everything(draft, wb_lead, overrides={na_indicator.slug: "na"})
    assert sections_incomplete(draft) == []
    draft.framework.indicators.filter(pk=na_indicator.pk).update(allows_na=False)
    assert sections_incomplete(draft) == [na_indicator.domain.slug]
    with pytest.raises(services.IncompleteSections):
        services.submit_assessment(assessment=draft, user=wb_lead, declaration=True)


def test_scores_of_zero_are_shown_as_zero(client, draft, wb_lead):
    answer_everything(draft, wb_lead, level="0")
    submit_round(draft, wb_lead)
    client.force_login(wb_lead)
    response = client.get(reverse("fidelity:results", kwargs={"pk": draft.pk}))
    content = response.content.decode()
    assert '<p class="app-key-figure__number">0.0</p>' in content
    assert "Not applicable" not in content


def test_a_live_workbook_without_a_date_leaves_the_context_in_progress(client, draft, wb_lead):
    client.force_login(wb_lead)
    post_context(
        client,
        draft,
        **{
            "save_for_later": "1",
            "context-workbook_live_on-day": "",
            "context-workbook_live_on-month": "",
            "context-workbook_live_on-year": "",
        },
    )
    assert not draft.sections.get(key="context").completed
    assert "context" in sections_incomplete(draft)


def test_replaying_a_save_for_later_after_a_conflict_stays_a_save_for_later(
    client, draft, wb_lead, wb_contributor
):
    domain = section_keys(draft.framework)[1]
    first = draft.framework.indicators.filter(domain__slug=domain).first()
    services.save_section(
        assessment=draft,
        key=domain,
        values={first.slug: ("0", "")},
        base_revision=0,
        user=wb_contributor,
    )
    client.force_login(wb_lead)
    partial = {k: v for k, v in domain_post(draft, domain).items() if not k.endswith("-level")}
    partial |= {f"{domain}-{first.slug}-level": "1", "save_for_later": "1"}
    conflict = client.post(section_url(draft, domain), partial)
    assert conflict.status_code == 409
    replay = dict(conflict.context["posted"]) | {
        conflict.context["revision_field"]: str(conflict.context["revision"])
    }
    response = client.post(section_url(draft, domain), replay)
    print("ERR", response.context and response.context["form"].errors)
    assert response.status_code == 302
    assert Answer.objects.get(indicator=first).level == "1"


def test_posting_to_the_done_step_is_a_404_and_changes_nothing(client, draft, wb_lead):
    client.force_login(wb_lead)
    data = {f"assessment_{draft.pk}-current_step": "done"}
    response = client.post(
        reverse("fidelity:section", kwargs={"pk": draft.pk, "step": "done"}), data
    )
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.current_section == ""


def test_looking_at_a_section_does_not_move_where_the_council_resumes(
    client, draft, wb_lead, wb_contributor
):
    client.force_login(wb_lead)
    post_context(client, draft, save_for_later="1", **{"context-teams": ""})
    client.force_login(wb_contributor)
    client.get(section_url(draft, section_keys(draft.framework)[3]))
    draft.refresh_from_db()
    assert draft.current_section == "context"
    resume = client.get(reverse("fidelity:section_first", kwargs={"pk": draft.pk}))
    assert resume["Location"] == section_url(draft, "context")


def test_the_declaration_error_links_to_the_checkbox(client, draft, wb_lead):
    answer_everything(draft, wb_lead)
    client.force_login(wb_lead)
    content = client.post(
        reverse("fidelity:check_answers", kwargs={"pk": draft.pk}), {}
    ).content.decode()
    assert 'href="#id_declaration"' in content and 'id="id_declaration"' in content


def test_date_boxes_with_an_error_are_marked(client, draft, wb_lead):
    client.force_login(wb_lead)
    content = post_context(
        client, draft, **{"context-workbook_live_on-month": "14"}
    ).content.decode()
    assert content.count("govuk-input--error") >= 3
    assert 'id="id_context-workbook_live_on_0"' in content


def test_prefill_copies_the_latest_earlier_submitted_round_only(client, submitted, wb_lead):
    Assessment.objects.filter(pk=submitted.pk).update(status=AssessmentStatus.RETURNED)
    client.force_login(wb_lead)
    client.post(
        reverse("fidelity:start"),
        {"authority": submitted.authority_id, "round": "6", "prefill": "yes"},
    )
    later = Assessment.objects.get(round=6)
    assert later.prefilled_from is None and not later.answers.exists()


def test_context_values_round_trip_through_the_form(client, draft, wb_lead):
    client.force_login(wb_lead)
    data = context_post()
    data[f"assessment_{draft.pk}-current_step"] = data.pop("assessment_{pk}-current_step")
    client.post(section_url(draft, "context"), data)
    draft.refresh_from_db()
    assert {field: getattr(draft, field) for field in CONTEXT} == CONTEXT
