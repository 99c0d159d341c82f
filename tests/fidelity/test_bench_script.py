"""The benchmark script runs and reports every row. Its timings are not asserted here.

It creates and drops its own test database, so it runs in a subprocess, clear of
pytest-django's database.
"""

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "bench" / "fidelity_bench.py"

ROWS = [
    "scoring 50 assessments",
    "results page, chart cached",
    "radar chart SVG, cached",
    "radar chart SVG, uncached (render)",
    "results page, cache cleared",
    "results page queries",
]


def test_benchmark_script_runs_in_quick_mode():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    environment.pop("DATABASE_URL", None)  # always the throwaway in-memory SQLite database

    completed = subprocess.run(  # noqa: S603 (our own script, with this interpreter)
        [sys.executable, str(SCRIPT), "--quick"],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("fidelity benchmark (SQLite in memory")
    for label in ROWS:
        assert label in completed.stdout, label
