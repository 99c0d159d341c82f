"""The import benchmark runs and reports every row. Its timings are not asserted here.

It creates and drops its own test database, so it runs in a subprocess, clear of
pytest-django's database. --quick imports the smallest EES file and the smallest
statistical-neighbour file, twice.
"""

from pathlib import Path

from django.conf import settings

import pytest

from tests.bench_scripts import run_bench_script


def test_benchmark_script_runs_in_quick_mode():
    if not Path(settings.DFE_DATA_DIR).is_dir():
        pytest.skip(f"the real DfE files are not here: no folder {settings.DFE_DATA_DIR}")

    completed = run_bench_script(
        "import_bench.py", "--quick", env={"DFE_DATA_DIR": str(settings.DFE_DATA_DIR)}
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
