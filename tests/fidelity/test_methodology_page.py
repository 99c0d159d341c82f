"""The public methodology page: says the framework is derived, shows a computed worked example."""

from django.utils.html import escape

import pytest

pytestmark = pytest.mark.django_db


def test_methodology_page(client, loaded_content):
    response = client.get("/methodology/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "no official Family Safeguarding fidelity rubric" in html
    # The worked example comes from the scoring module: team structure (2x2 + 1x1) / (2x2 + 2x1).
    assert "100 × (2×2 + 1×1) ÷ (2×2 + 2×1) = <strong>83.3</strong>" in html
    assert "<strong>25.0</strong>" in html
    assert "Moderate fidelity" in html
    # The current framework is listed, domain by domain.
    assert 'id="framework"' in html
    assert html.count('class="govuk-table"') >= 9


def test_methodology_lists_what_every_reference_level_rests_on(client, loaded_content, framework):
    html = client.get("/methodology/").content.decode()
    counts = {
        source: framework.indicators.filter(reference_source=source).count()
        for source in ("hertfordshire", "model", "none")
    }
    assert sum(counts.values()) == 50
    assert (
        f"Of the 50 levels, {counts['hertfordshire']} rest on a published account of "
        f"Hertfordshire's service, {counts['model']} on another council's published account of "
        f"the model, and {counts['none']} are the framework's own expectation"
    ) in html
    for indicator in framework.indicators.all():
        assert escape(indicator.reference_basis) in html
    assert "Hertfordshire’s level" not in html and "Hertfordshire's level" not in html
