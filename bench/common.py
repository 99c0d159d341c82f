"""What the benchmark scripts share: Django set-up, timing, the report's rows and its verdict.

The scripts import it as ``common``: run as a script, a file's own directory (bench/) is on
sys.path.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    site = str(REPO_ROOT / "site")
    if site not in sys.path:
        sys.path.insert(0, site)
    import django

    django.setup()


@contextmanager
def temporary_databases() -> Iterator[None]:
    """Test databases for the run, created and dropped as the test runner does."""
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases

    for connection in connections.all():
        if connection.vendor == "sqlite":  # in memory: never the suite's reusable database file
            connection.settings_dict["TEST"]["NAME"] = None
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        yield
    finally:
        teardown_databases(old_config, verbosity=0)


def load_pages_and_framework() -> list[str]:
    """The published pages and the real framework; notes on what could not be loaded."""
    from django.conf import settings
    from django.core.management import call_command

    from fidelity.framework_file import FRAMEWORK_FILE, read_framework, save_framework

    notes = []
    # The published pages, so that the navigation on the pages measured is the real one.
    try:
        call_command(
            "load_content", content_dir=settings.CONTENT_DIR, verbosity=0, stdout=io.StringIO()
        )
    except Exception as error:  # the benchmark still runs, and says so
        notes.append(f"content/ pages not loaded ({error}); navigation is the bare home page")
    document, problems = read_framework(settings.CONTENT_DIR / FRAMEWORK_FILE)
    if document is None:
        raise SystemExit("cannot read the framework: " + "; ".join(problems))
    save_framework(document)
    return notes


def describe_environment() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        database = (
            "SQLite in memory"
            if connection.is_in_memory_db()
            else f"SQLite {connection.settings_dict['NAME']}"
        )
    elif connection.vendor == "postgresql":
        version = connection.pg_version
        database = f"PostgreSQL {version // 10000}.{version % 10000}"
    else:
        database = connection.vendor
    python = ".".join(platform.python_version_tuple()[:2])
    cores = os.cpu_count() or 1
    return f"{database}, Python {python}, {cores} core{'s' if cores != 1 else ''}"


def add_run_options(parser: argparse.ArgumentParser, *, quick_help: str) -> None:
    """--check and --quick, as every script has them (and ``make bench BENCH_ARGS=...`` passes)."""
    parser.add_argument(
        "--check", action="store_true", help="exit with status 1 if a target is missed"
    )
    parser.add_argument("--quick", action="store_true", help=quick_help)


# Statistics ---------------------------------------------------------------------------------


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile: a value that was measured, meaningful for a few samples."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def time_calls(call: Callable[[], object], repeats: int, before: Callable[[], object] | None):
    """Seconds each call took; ``before`` runs untimed ahead of each call."""
    samples = []
    for _ in range(repeats):
        if before is not None:
            before()
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def ms_figures(samples: list[float]) -> str:
    median = statistics.median(samples) * 1000
    p95 = percentile(samples, 0.95) * 1000
    return f"median {median:6.1f} ms  p95 {p95:6.1f} ms  N={len(samples)}"


# Report -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    label: str
    figures: str
    target: str = ""
    passed: bool | None = None  # None: no target for this row
    more: tuple[str, ...] = ()  # columns between the figures and the target

    def line(self, widths: Sequence[int]) -> str:
        """The row in columns of these widths: label, figures, each of ``more``, target."""
        cells = (self.label, self.figures, *self.more, self.target)
        verdict = "" if self.passed is None else ("PASS" if self.passed else "FAIL")
        columns = "".join(f"{cell:<{width}}" for cell, width in zip(cells, widths, strict=True))
        return f"{columns}{verdict}".rstrip()


def report(
    rows: list[Row],
    widths: Sequence[int],
    started: float,
    *,
    check: bool,
    failures: Sequence[str] = (),
) -> int:
    """Print the rows, any failures and the verdict; return the exit status.

    Failures (work that went wrong, not a missed target) give status 1 even without --check.
    """
    print()
    for row in rows:
        print(row.line(widths))
    print()
    for failure in failures:
        print(f"failed: {failure}")
    missed = [row.label for row in rows if row.passed is False]
    verdict = (
        f"{len(missed)} target{'s' if len(missed) != 1 else ''} missed"
        if missed
        else "all targets met"
    )
    print(f"{verdict} ({time.perf_counter() - started:.0f} s in all, with set-up)")
    if failures:
        return 1
    return 1 if check and missed else 0
