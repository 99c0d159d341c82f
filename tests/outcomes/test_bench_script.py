"""The import benchmark runs and reports every row. Its timings are not asserted here.

It creates and drops its own test database, so it runs in a subprocess, clear of
pytest-django's database. --quick imports the smallest EES file and the smallest
statistical-neighbour file, twice.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "bench" / "import_bench.py"


def test_benchmark_script_runs_in_quick_mode():
    if not Path(settings.DFE_DATA_DIR).is_dir():
        pytest.skip(f"the real DfE files are not here: no folder {settings.DFE_DATA_DIR}")
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DFE_DATA_DIR": str(settings.DFE_DATA_DIR),
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
    assert completed.stdout.startswith("import benchmark (SQLite in memory")
    for label in (
        "first import, 2 files",
        "sn_model_2025_wide.csv",
        "first import, 2 files, total",
        "second import (idempotent), 2 files",
        "second import, 2 files, total",
        "outcomes page (Hertfordshire, every measure)",
    ):
        assert label in completed.stdout, label
    assert "failed:" not in completed.stdout
