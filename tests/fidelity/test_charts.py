import os
import subprocess
import sys
from html import escape
from pathlib import Path

import pytest

from fidelity.charts import progress_chart_svg, radar_chart_svg

REPO_ROOT = Path(__file__).resolve().parents[2]
# Short enough (with " (n/a)") not to be wrapped, so each is one <text> element.
LABELS = ["Leadership", "Supervision", "Domestic abuse", "Mental health", "Workforce"]


def _radar(**overrides) -> str:
    arguments = {
        "labels": LABELS,
        "council": [70.0, 55.5, 40.0, 66.7, 90.0],
        "reference": [100.0, 95.0, 90.0, 100.0, 85.0],
        "council_name": "Exampleshire & District",
    }
    return radar_chart_svg(**{**arguments, **overrides})


def test_radar_chart_shows_every_label_and_the_legend():
    svg = _radar()

    assert svg.startswith("<?xml")
    for label in LABELS:
        assert f">{label}</text>" in svg
    assert escape("Exampleshire & District") in svg
    assert "Model standard" in svg


def test_radar_chart_wraps_long_labels():
    svg = _radar(labels=[*LABELS[:4], "Motivational interviewing practice"])

    # Wrapped at about 18 characters: each line is its own <text>.
    for line in ["Motivational", "interviewing", "practice"]:
        assert f">{line}</text>" in svg
    assert "Motivational interviewing practice" not in svg


def test_radar_chart_marks_a_domain_with_no_score_not_applicable():
    svg = _radar(council=[70.0, None, 40.0, 66.7, 90.0], reference_name="Reference council")

    assert ">Supervision (n/a)</text>" in svg
    assert "Leadership (n/a)" not in svg
    assert ">Leadership</text>" in svg
    assert "Reference council" in svg


@pytest.mark.parametrize("count", [3, 10])
def test_radar_chart_handles_three_to_ten_domains(count):
    labels = [f"Domain {number}" for number in range(count)]

    svg = radar_chart_svg(
        labels=labels, council=[50.0] * count, reference=[None] * count, council_name="Exampleshire"
    )

    for label in labels:
        assert label in svg


def test_radar_chart_is_deterministic():
    assert _radar() == _radar()


def test_radar_chart_rejects_mismatched_data():
    with pytest.raises(ValueError, match="same length"):
        _radar(council=[70.0])


def test_progress_chart_shows_rounds_values_and_reference():
    svg = progress_chart_svg(
        rounds=["Baseline", "Round 2", "Round 3"],
        overall=[41.25, 66.65, None],
        reference=92.5,
        council_name="Exampleshire",
    )

    for label in ["Baseline", "Round 2", "Round 3"]:
        assert label in svg
    # One decimal, half up, as scores are rounded elsewhere.
    assert "41.3" in svg
    assert "66.7" in svg
    assert "Model standard reference" in svg
    assert "Overall fidelity score" in svg
    assert "Exampleshire" in svg


def test_progress_chart_without_reference_or_scores():
    svg = progress_chart_svg(
        rounds=["Baseline"], overall=[None], reference=None, council_name="Exampleshire"
    )

    assert "Baseline" in svg
    assert "Model standard reference" not in svg


def test_charts_do_not_import_pyplot():
    script = (
        "import sys\n"
        "from fidelity.charts import progress_chart_svg, radar_chart_svg\n"
        "radar_chart_svg(labels=['a', 'b', 'c'], council=[1, 2, None], reference=[3, 4, 5],"
        " council_name='x')\n"
        "progress_chart_svg(rounds=['r'], overall=[50.0], reference=60.0, council_name='x')\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'\n"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT / "site"), str(REPO_ROOT)]),
    }

    completed = subprocess.run(  # noqa: S603 (fixed script, this interpreter)
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
