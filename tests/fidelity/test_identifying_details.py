"""The evidence prompts and the submission declaration say plainly not to upload or write
anything that identifies a child or a family."""

from django.urls import reverse

import pytest

from tests.fidelity.factories import answer_everything
from tests.fidelity.journey import section_url
from tests.pages import assert_no_template_syntax

pytestmark = pytest.mark.django_db

WARNING = "Do not upload or write anything that identifies a child or a family"
NOTE_HINT = "Do not include anything that identifies a child or a family."
FILES_HINT = "Do not upload anything that identifies a child or a family."


def test_every_evidence_note_and_file_field_carries_the_warning(client, draft, wb_contributor):
    domain = draft.framework.domains.first()
    indicators = list(domain.indicators.all())
    client.force_login(wb_contributor)
    response = client.get(section_url(draft, domain.slug))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(WARNING) == 1
    assert html.count(NOTE_HINT) == len(indicators)
    assert html.count(FILES_HINT) == len(indicators)
    for indicator in indicators:
        field = f"id_{domain.slug}-{indicator.slug}-files"
        assert f'<div class="govuk-hint" id="{field}-hint">{FILES_HINT}</div>' in html
        assert f'aria-describedby="{field}-hint"' in html
    assert_no_template_syntax(response)


def test_the_declaration_repeats_it(client, draft, wb_lead):
    answer_everything(draft, wb_lead)
    client.force_login(wb_lead)
    response = client.get(reverse("fidelity:check_answers", kwargs={"pk": draft.pk}))
    html = response.content.decode()
    assert 'name="declaration"' in html
    assert "nothing in the answers, evidence notes or files identifies a child or a family" in html
