"""The public methodology page: says the framework is derived, shows a computed worked example."""

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
