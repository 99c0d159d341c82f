"""The benchmark script runs and reports every row. Its timings are not asserted here.

It creates and drops its own test database, so it runs in a subprocess, clear of
pytest-django's database.
"""

from tests.bench_scripts import run_bench_script

ROWS = [
    "scoring 50 assessments",
    "results page, chart cached",
    "radar chart SVG, cached",
    "radar chart SVG, uncached (render)",
    "results page, cache cleared",
    "results page queries",
]


def test_benchmark_script_runs_in_quick_mode():
    completed = run_bench_script("fidelity_bench.py", "--quick")

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("fidelity benchmark (SQLite in memory")
    for label in ROWS:
        assert label in completed.stdout, label
