"""The cohort and milestone charts: pure functions, data in, SVG text out (no database)."""

import ast
import datetime
import os
import re
import subprocess
import sys
from html import escape
from pathlib import Path

import pytest

from cohorts.charts import (
    cohort_heatmap_svg,
    cohort_rounds_svg,
    milestone_timeline_svg,
    milestones_over_time_svg,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
TODAY = datetime.date(2018, 3, 1)
RED = "#d4351c"


def _timeline(**overrides) -> str:
    arguments = {
        "milestones": ["Board established", "Funding agreed", "Teams co-located", "Psychologist"],
        "targets": [
            datetime.date(2017, 2, 1),
            datetime.date(2017, 4, 1),
            datetime.date(2017, 9, 1),
            None,
        ],
        "actuals": [datetime.date(2017, 1, 20), datetime.date(2017, 6, 1), None, None],
        "late": [False, False, True, False],
        "today": TODAY,
    }
    return milestone_timeline_svg(**{**arguments, **overrides})


def _heatmap(**overrides) -> str:
    arguments = {
        "councils": ["Luton", "West Berkshire & Co"],
        "domains": ["Teams", "Workbook", "Supervision"],
        "scores": [[12.5, 100.0, None], [66.65, 0.0, 50.0]],
    }
    return cohort_heatmap_svg(**{**arguments, **overrides})


def _rounds(**overrides) -> str:
    arguments = {
        "rounds": ["Baseline", "6 months", "12 months"],
        "series": {"Luton": [40.0, 55.0, None], "West Berkshire": [30.0, None, 70.0]},
        "reference": 92.5,
        "median": [35.0, 55.0, 70.0],
    }
    return cohort_rounds_svg(**{**arguments, **overrides})


def _over_time(**overrides) -> str:
    arguments = {
        "dates": [datetime.date(2017, 1, 1), datetime.date(2017, 6, 1), datetime.date(2018, 1, 1)],
        "series": {"Luton": [0, 3, 16], "West Berkshire": [1, 2, 8]},
        "total": 16,
    }
    return milestones_over_time_svg(**{**arguments, **overrides})


# The timeline -------------------------------------------------------------------------------


def test_timeline_labels_every_milestone_marks_today_and_has_a_legend():
    svg = _timeline()

    assert svg.startswith("<?xml")
    for label in ["Board established", "Funding agreed", "Psychologist"]:
        assert f">{label}</text>" in svg
    assert "Today" in svg
    for entry in ["Target date", "Actual date", "Late: target passed, not done"]:
        assert entry in svg


def test_timeline_marks_a_late_milestone_in_words_and_red_not_colour_alone():
    late = _timeline()
    on_time = _timeline(late=[False] * 4)

    assert ">Teams co-located (late)</text>" in late
    assert RED in late
    assert "(late)" not in on_time
    # Only the legend's late entry is red when nothing is late.
    assert late.count(RED) > on_time.count(RED)


def test_timeline_puts_the_first_milestone_at_the_top():
    svg = _timeline()

    assert svg.index(">Board established</text>") < svg.index(">Psychologist</text>")


def test_timeline_without_any_dates_still_draws_today():
    svg = _timeline(targets=[None] * 4, actuals=[None] * 4, late=[False] * 4)

    assert "Today" in svg and ">Psychologist</text>" in svg


def test_timeline_with_no_milestones():
    svg = _timeline(milestones=[], targets=[], actuals=[], late=[])

    assert "Today" in svg


def test_timeline_escapes_labels():
    svg = _timeline(milestones=["Board & <partners>", "b", "c", "d"])

    assert escape("Board & <partners>", quote=False) in svg


def test_timeline_rejects_mismatched_lists():
    with pytest.raises(ValueError, match="same length"):
        _timeline(late=[False])


# The heatmap --------------------------------------------------------------------------------


def test_heatmap_labels_councils_domains_and_every_cell():
    svg = _heatmap()

    for label in ["Luton", "Teams", "Workbook", "Supervision", "Domain score out of 100"]:
        assert label in svg
    assert escape("West Berkshire & Co", quote=False) in svg
    # One decimal, half up.
    for value in ["12.5", "100.0", "66.7", "0.0", "50.0"]:
        assert f">{value}</text>" in svg


def test_heatmap_shows_a_dash_for_no_score():
    assert ">–</text>" in _heatmap()
    assert ">–</text>" not in _heatmap(scores=[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])


def test_heatmap_labels_dark_cells_in_white_and_pale_cells_in_dark_text():
    svg = _heatmap(councils=["Only"], scores=[[0.0, 100.0, None]])

    assert re.search(r"fill: #0b0c0c\"[^>]*>0\.0</text>", svg)
    assert re.search(r"fill: #ffffff\"[^>]*>100\.0</text>", svg)
    assert re.search(r"fill: #0b0c0c\"[^>]*>–</text>", svg)


def test_heatmap_with_no_councils():
    svg = _heatmap(councils=[], scores=[])

    assert "No councils or domains to show" in svg


def test_heatmap_rejects_a_ragged_grid():
    with pytest.raises(ValueError, match="one row per council"):
        _heatmap(scores=[[1.0, 2.0], [3.0, 4.0, 5.0]])


# Overall score per round --------------------------------------------------------------------


def test_rounds_chart_shows_rounds_councils_median_and_reference():
    svg = _rounds()

    for label in ["Baseline", "6 months", "12 months", "Luton", "West Berkshire"]:
        assert label in svg
    assert "Cohort median" in svg
    assert "Model standard reference (92.5)" in svg
    assert "Overall fidelity score" in svg


def test_rounds_chart_without_reference_or_scores():
    svg = _rounds(series={"Luton": [None, None, None]}, reference=None, median=[None] * 3)

    assert "Luton" in svg
    assert "Model standard reference" not in svg


def test_rounds_chart_gives_each_council_a_different_marker():
    many = {f"Council {n}": [float(n), float(n + 1), None] for n in range(12)}
    svg = _rounds(series=many)

    for name in many:
        assert name in svg


def test_rounds_chart_rejects_a_series_of_the_wrong_length():
    with pytest.raises(ValueError, match="same length"):
        _rounds(series={"Luton": [1.0]})


# Milestones done over time ------------------------------------------------------------------


def test_milestones_over_time_shows_councils_and_the_total():
    svg = _over_time()

    for label in ["Luton", "West Berkshire", "Milestones done (of 16)"]:
        assert label in svg
    assert ">16</text>" in svg  # the axis reaches the total


def test_milestones_over_time_with_one_date_or_none():
    assert "Luton" in _over_time(dates=[datetime.date(2017, 1, 1)], series={"Luton": [2]})
    assert "No milestones done yet" in _over_time(dates=[], series={})


def test_milestones_over_time_rejects_mismatched_lists():
    with pytest.raises(ValueError, match="same length"):
        _over_time(series={"Luton": [1]})


# Every chart --------------------------------------------------------------------------------


@pytest.mark.parametrize("draw", [_timeline, _heatmap, _rounds, _over_time])
def test_charts_are_deterministic(draw):
    assert draw() == draw()


def test_charts_module_imports_no_models_views_or_pyplot():
    tree = ast.parse((REPO_ROOT / "site" / "cohorts" / "charts.py").read_text())
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not {name for name in imported if "models" in name or "views" in name}
    assert not {name for name in imported if "pyplot" in name or "django" in name}


def test_charts_do_not_import_pyplot():
    script = (
        "import sys, datetime\n"
        "from cohorts import charts\n"
        "d = datetime.date(2018, 1, 1)\n"
        "charts.milestone_timeline_svg(milestones=['a'], targets=[d], actuals=[None],"
        " late=[True], today=d)\n"
        "charts.cohort_heatmap_svg(councils=['c'], domains=['x'], scores=[[None]])\n"
        "charts.cohort_rounds_svg(rounds=['r'], series={'c': [1.0]}, reference=2.0, median=[1.0])\n"
        "charts.milestones_over_time_svg(dates=[d], series={'c': [1]}, total=3)\n"
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
