"""The context section: complete when every question is answered, and read back in page order."""

import datetime

from fidelity import context
from tests.fidelity.factories import CONTEXT


def test_every_context_question_answered_is_complete():
    assert context.is_complete(CONTEXT)


def test_a_live_workbook_needs_its_go_live_date_and_one_not_yet_live_does_not():
    assert not context.is_complete(CONTEXT | {"workbook_live_on": None})
    assert context.is_complete(CONTEXT | {"workbook_live": False, "workbook_live_on": None})


def test_any_unanswered_question_leaves_it_incomplete():
    for name in context.REQUIRED:
        assert not context.is_complete(CONTEXT | {name: None}), name


def test_answers_read_back_in_the_order_of_the_page():
    rows = context.answers(CONTEXT)
    assert [row.question for row in rows] == [
        "Family Safeguarding teams",
        "Domestic abuse practitioner posts",
        "Substance misuse (recovery) worker posts",
        "Adult mental health practitioner posts",
        "Staff trained in Motivational Interviewing",
        "Workbook live",
    ]
    assert rows[1].answer == "4 funded, 4 filled"
    assert rows[-1].answer == "Yes, since 1 April 2018"
    assert rows[-1].field_id == "id_context-workbook_live_0"


def test_the_form_round_trips_the_stored_values():
    form = context.ContextForm(data=context.form_data(CONTEXT) | {"revision": "0"})
    assert form.is_valid(), form.errors
    assert form.section_values() == CONTEXT
    assert form.section_values()["workbook_live_on"] == datetime.date(2018, 4, 1)
