"""Check your answers warns (it does not refuse) where the context section contradicts an answer
by the indicator's own descriptor; the lead confirms, and the confirmation is recorded."""

import datetime
from pathlib import Path

from django.conf import settings
from django.urls import reverse

import pytest

from authorities.choices import AuditAction
from fidelity import context, selectors, services
from fidelity.choices import AssessmentStatus
from fidelity.framework_file import FrameworkContent, read_framework
from fidelity.models import Assessment, Indicator
from tests.fidelity.factories import CONTEXT, answer_everything

pytestmark = pytest.mark.django_db

MI = [
    {"level": "0", "measure": "mi-trained-percent", "below": 50},
    {"level": "1", "measure": "mi-trained-percent", "at_least": 50},
    {"level": "2", "measure": "mi-trained-percent", "at_least": 90},
]
WORKBOOK = [
    {"level": "0", "measure": "workbook-live", "is": False},
    {"level": "2", "measure": "workbook-live", "is": True},
]


def posts(measure):
    return [
        {"level": "1", "measure": f"{measure}-posts-funded", "at_least": 1},
        {"level": "1", "measure": f"{measure}-posts-filled-percent", "at_least": 50},
        {"level": "2", "measure": f"{measure}-posts-funded", "at_least": 1},
        {"level": "2", "measure": f"{measure}-posts-filled-percent", "at_least": 90},
    ]


def says(values, checks, level):
    return [found.context_says for found in context.contradictions(values, checks, level)]


# The rules, worked by hand ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "level", "warned"),
    [
        (89, "2", True),  # the 2 needs "at least 90%"
        (90, "2", False),
        (49, "1", True),  # under half is the 0's "fewer than half"
        (50, "1", False),
        (89, "1", False),
        (100, "1", False),  # a 1 may still leave whole groups out
        (50, "0", True),  # the 0 is "fewer than half"
        (49, "0", False),
        (60, "na", False),
    ],
)
def test_mi_training_against_the_share_of_staff_trained(percent, level, warned):
    found = says(CONTEXT | {"mi_trained_percent": percent}, MI, level)
    assert found == (
        [f"{percent}% of staff have been trained in Motivational Interviewing"] if warned else []
    )


def test_the_workbook_answer_against_whether_it_is_live():
    live, not_live = CONTEXT, CONTEXT | {"workbook_live": False, "workbook_live_on": None}
    assert says(not_live, WORKBOOK, "2") == [
        "the Workbook is not live in your case recording system yet"
    ]
    assert says(live, WORKBOOK, "2") == []
    assert says(live, WORKBOOK, "0") == ["the Workbook is live in your case recording system"]
    assert says(not_live, WORKBOOK, "0") == []
    assert says(live, WORKBOOK, "1") == says(not_live, WORKBOOK, "1") == []  # no rule for a 1


@pytest.mark.parametrize(
    ("funded", "filled", "level", "expected"),
    [
        (10, 9, "2", []),  # 90%
        (19, 17, "2", ["17 of 19 funded domestic abuse practitioners posts are filled (89%)"]),
        (4, 3, "2", ["3 of 4 funded domestic abuse practitioners posts are filled (75%)"]),
        (0, 0, "2", ["0 domestic abuse practitioners posts are funded"]),  # no share of none
        (3, 1, "1", ["1 of 3 funded domestic abuse practitioners posts are filled (33%)"]),
        (2, 1, "1", []),  # 50%
        (4, 4, "1", []),  # a 1 may be one role of the two
        (0, 0, "1", ["0 domestic abuse practitioners posts are funded"]),
        (4, 0, "0", []),  # a 0 is never checked: planned posts may not all be funded
    ],
)
def test_adult_specialist_posts_against_those_funded_and_filled(funded, filled, level, expected):
    values = CONTEXT | {
        "domestic_abuse_posts_funded": funded,
        "domestic_abuse_posts_filled": filled,
    }
    assert says(values, posts("domestic-abuse"), level) == expected


def test_a_blank_context_question_contradicts_nothing():
    blank = dict.fromkeys(context.FIELDS)
    for checks in (MI, WORKBOOK, posts("mental-health")):
        for level in "012":
            assert says(blank, checks, level) == []
    only_funded = blank | {"mental_health_posts_funded": 2}
    assert says(only_funded, posts("mental-health"), "2") == []


def test_the_framework_file_states_these_rules_on_these_indicators():
    document, problems = read_framework(Path("content/fidelity/framework.yaml"))
    assert problems == []
    checked = {
        slug: list(text.context_checks)
        for slug, text in document.indicator_text.items()
        if text.context_checks
    }
    assert checked == {
        "domestic-abuse-posts-filled": posts("domestic-abuse"),
        "recovery-worker-posts-filled": posts("substance-misuse"),
        "mental-health-posts-filled": posts("mental-health"),
        "mi-training-coverage": MI,
        "workbook-live": WORKBOOK,
    }
    # Each figure is one the level's own descriptor (or the 0's, for a 1) states.
    texts = document.indicator_text
    assert "at least 90%" in texts["mi-training-coverage"].descriptors[2]
    assert "fewer than half" in texts["mi-training-coverage"].descriptors[0]
    assert "no Workbook" in texts["workbook-live"].descriptors[0]
    for slug in ("domestic-abuse-posts-filled", "mental-health-posts-filled"):
        assert "at least 90% are filled" in texts[slug].descriptors[2]
        assert "fewer than half of the planned posts" in texts[slug].descriptors[0]


@pytest.mark.parametrize(
    ("check", "problem"),
    [
        ({"level": 3, "measure": "mi-trained-percent", "at_least": 90}, "level: must be 0, 1 or 2"),
        ({"level": 2, "measure": "staff-happiness", "at_least": 90}, "measure: must be one of"),
        ({"level": 2, "measure": "mi-trained-percent"}, "give one of at_least, below or is"),
        (
            {"level": 2, "measure": "mi-trained-percent", "at_least": 90, "below": 95},
            "give one of at_least, below or is",
        ),
        ({"level": 2, "measure": "mi-trained-percent", "is": True}, "is a number"),
        ({"level": 2, "measure": "workbook-live", "at_least": 1}, "use is: true or false"),
        ({"level": 2, "measure": "workbook-live", "is": 1}, "is: must be true or false"),
        ({"level": 2, "measure": "mi-trained-percent", "at_least": 120}, "from 0 to 100"),
        ({"level": 2, "measure": "mi-trained-percent", "over": 90}, "over: is not a field"),
    ],
)
def test_the_framework_file_refuses_a_check_it_cannot_apply(tmp_path, check, problem):
    source = Path("content/fidelity/framework.yaml").read_text(encoding="utf-8")
    rule = "{" + ", ".join(f"{k}: {_yaml(v)}" for k, v in check.items()) + "}"
    changed = source.replace(
        "          - {level: 2, measure: mi-trained-percent, at_least: 90}",
        f"          - {rule}",
        1,
    )
    assert changed != source
    path = tmp_path / "framework.yaml"
    path.write_text(changed, encoding="utf-8")
    document, problems = read_framework(path)
    assert document is None
    assert any(
        p.startswith("indicator mi-training-coverage: context_checks[3]") and problem in p
        for p in problems
    ), problems


def _yaml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# The warnings of an assessment -----------------------------------------------------------------


def set_context(assessment, **changes):
    Assessment.objects.filter(pk=assessment.pk).update(**changes)
    assessment.refresh_from_db()


def test_an_answer_the_context_contradicts_is_warned_of_with_its_descriptor(draft, wb_lead):
    answer_everything(draft, wb_lead, level="2")
    assert selectors.context_warnings(draft) == []  # the factory's context fits every 2

    set_context(draft, mi_trained_percent=60)
    (warning,) = selectors.context_warnings(draft)
    indicator = draft.framework.indicators.get(slug="mi-training-coverage")
    assert warning.indicator == indicator
    assert warning.text == (
        "You answered 2: fully in place for ‘MI training for all practitioners’, but the "
        "context section says 60% of staff have been trained in Motivational Interviewing. "
        f"The description of 2 reads: “{indicator.descriptor_2}”"
    )
    assert warning.answer_field_id == "id_motivational-interviewing-mi-training-coverage-level_0"
    assert warning.context_field_id == "id_context-mi_trained_percent"

    set_context(draft, mi_trained_percent=None)  # a blank question contradicts nothing
    assert selectors.context_warnings(draft) == []


def test_warnings_follow_the_journey_order(draft, wb_lead):
    answer_everything(draft, wb_lead, level="2")
    set_context(draft, mi_trained_percent=10, workbook_live=False, workbook_live_on=None)
    slugs = [w.indicator.slug for w in selectors.context_warnings(draft)]
    assert slugs == ["mi-training-coverage", "workbook-live"]


# Check your answers and submitting -------------------------------------------------------------


def check_url(assessment):
    return reverse("fidelity:check_answers", kwargs={"pk": assessment.pk})


@pytest.fixture
def contradicted(draft, wb_lead):
    """Every answer 2, and a context with 60% trained in MI: one warning."""
    answer_everything(draft, wb_lead, level="2")
    set_context(draft, mi_trained_percent=60)
    return draft


def test_check_your_answers_warns_and_links_to_both_answers(client, contradicted, wb_lead):
    client.force_login(wb_lead)
    content = client.get(check_url(contradicted)).content.decode()
    assert "The context section contradicts one answer" in content
    assert "60% of staff have been trained in Motivational Interviewing" in content
    section = reverse(
        "fidelity:section", kwargs={"pk": contradicted.pk, "step": "motivational-interviewing"}
    )
    context_page = reverse("fidelity:section", kwargs={"pk": contradicted.pk, "step": "context"})
    assert f"{section}?return=check#id_motivational-interviewing-mi-training-coverage-level_0" in (
        content
    )
    assert f"{context_page}?return=check#id_context-mi_trained_percent" in content
    assert 'name="warnings_checked"' in content
    assert "Submit assessment" in content  # a warning, not a refusal


def test_no_warning_and_no_box_when_the_context_is_consistent(client, draft, wb_lead):
    answer_everything(draft, wb_lead, level="2")
    client.force_login(wb_lead)
    content = client.get(check_url(draft)).content.decode()
    assert "contradicts" not in content and 'name="warnings_checked"' not in content


def test_submitting_without_confirming_the_warnings_is_refused(client, contradicted, wb_lead):
    client.force_login(wb_lead)
    response = client.post(check_url(contradicted), {"declaration": "on"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert (
        "Confirm that you have checked the answers the context section contradicts, or change "
        "them" in content
    )
    assert 'href="#id_warnings_checked"' in content
    contradicted.refresh_from_db()
    assert contradicted.status == AssessmentStatus.DRAFT


def test_the_lead_confirms_and_the_confirmation_is_recorded(client, contradicted, wb_lead):
    client.force_login(wb_lead)
    (warning,) = selectors.context_warnings(contradicted)
    response = client.post(
        check_url(contradicted),
        {"declaration": "on", "warnings_checked": "on", "warning_keys": [warning.key]},
    )
    assert response.status_code == 302
    contradicted.refresh_from_db()
    assert contradicted.status == AssessmentStatus.SUBMITTED
    assert contradicted.context_warnings_confirmed == [warning.text]
    event = contradicted.audit_events.get(action=AuditAction.SUBMITTED)
    assert event.detail == "confirmed 1 answer the context section contradicts"
    # Shown with the submitted answers and in the print report.
    for page in (
        check_url(contradicted),
        reverse("fidelity:results_print", kwargs={"pk": contradicted.pk}),
    ):
        content = client.get(page).content.decode()
        assert "60% of staff have been trained in Motivational Interviewing" in content


def test_a_warning_added_since_the_page_was_drawn_must_be_confirmed_too(
    client, contradicted, wb_lead
):
    client.force_login(wb_lead)
    (seen,) = selectors.context_warnings(contradicted)
    # Another member says the Workbook is not live, after the lead opened the page.
    set_context(contradicted, workbook_live=False, workbook_live_on=None)
    response = client.post(
        check_url(contradicted),
        {"declaration": "on", "warnings_checked": "on", "warning_keys": [seen.key]},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Confirm that you have checked the answers the context section contradicts" in content
    assert "the Workbook is not live in your case recording system yet" in content
    contradicted.refresh_from_db()
    assert contradicted.status == AssessmentStatus.DRAFT


def test_the_service_refuses_unconfirmed_warnings_and_records_confirmed_ones(contradicted, wb_lead):
    with pytest.raises(services.UnconfirmedWarnings):
        services.submit_assessment(assessment=contradicted, user=wb_lead, declaration=True)
    contradicted.refresh_from_db()
    assert contradicted.status == AssessmentStatus.DRAFT and contradicted.scores is None
    keys = [w.key for w in selectors.context_warnings(contradicted)]
    services.submit_assessment(
        assessment=contradicted, user=wb_lead, declaration=True, confirmed_warnings=keys
    )
    contradicted.refresh_from_db()
    assert contradicted.status == AssessmentStatus.SUBMITTED
    assert len(contradicted.context_warnings_confirmed) == 1


def test_a_changed_figure_asks_again(contradicted, wb_lead):
    keys = [w.key for w in selectors.context_warnings(contradicted)]
    set_context(contradicted, mi_trained_percent=70)  # still short of 90%, but not what was seen
    with pytest.raises(services.UnconfirmedWarnings):
        services.submit_assessment(
            assessment=contradicted, user=wb_lead, declaration=True, confirmed_warnings=keys
        )


def test_a_consistent_submission_records_no_warnings(draft, wb_lead):
    answer_everything(draft, wb_lead, level="1")
    draft.refresh_from_db()
    assert draft.workbook_live_on == datetime.date(2018, 4, 1)
    services.submit_assessment(assessment=draft, user=wb_lead, declaration=True)
    draft.refresh_from_db()
    assert draft.context_warnings_confirmed == []
    assert draft.audit_events.get(action=AuditAction.SUBMITTED).detail == ""


def test_a_frozen_version_may_gain_context_checks_but_nothing_scored(submitted, tmp_path):
    """The checks score nothing, so a version used by a submission may still gain them."""
    Indicator.objects.filter(framework=submitted.framework).update(context_checks=[])
    loader = FrameworkContent()
    assert loader.check(settings.CONTENT_DIR) == []
    assert loader.write().endswith(": updated")
    assert submitted.framework.indicators.get(slug="mi-training-coverage").context_checks == MI
    again = FrameworkContent()
    assert again.check(settings.CONTENT_DIR) == []
    assert again.write().endswith(": unchanged")

    source = (settings.CONTENT_DIR / "fidelity" / "framework.yaml").read_text(encoding="utf-8")
    (tmp_path / "fidelity").mkdir()
    (tmp_path / "fidelity" / "framework.yaml").write_text(
        source.replace("weight: 2\n", "weight: 3\n", 1), encoding="utf-8"
    )
    problems = FrameworkContent().check(tmp_path)
    assert any("is used by submitted assessments" in problem.message for problem in problems)
