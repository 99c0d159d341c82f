"""The cohort benchmark script runs and reports every row. Its timings are not asserted here.

It creates and drops its own test database, so it runs in a subprocess, clear of
pytest-django's database.
"""

from tests.bench_scripts import run_bench_script

ROWS = [
    "seeded 20 councils, 40 submitted assessments (2 rounds each), 2,000 answers, 320 milestone",
    "overview, charts cached",
    "overview ?round=12",
    "overview ?sort=overall&order=desc",
    "overview, cache cleared",
    "heatmap chart SVG, cached",
    "rounds chart SVG, cached",
    "milestones chart SVG, cached",
    "heatmap chart SVG, uncached (render)",
    "rounds chart SVG, uncached (render)",
    "milestones chart SVG, uncached (render)",
    "overview CSV export",
    "overview XLSX export",
    "answers CSV export (2,000 rows)",
    "answers XLSX export (2,000 rows)",
    "API cohort assessments (token)",
]


def test_benchmark_script_runs_in_quick_mode():
    completed = run_bench_script("cohort_bench.py", "--quick")

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("cohort benchmark (SQLite in memory")
    for label in ROWS:
        assert label in completed.stdout, label
    assert "target < 300 ms" in completed.stdout
