"""Running a benchmark script from bench/ as ``make bench`` does, for the scripts' smoke tests."""

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def run_bench_script(
    name: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run bench/<name> with these arguments (and extra environment ``env``) from the root."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **(env or {})}
    environment.pop("DATABASE_URL", None)  # always the throwaway in-memory SQLite database
    return subprocess.run(  # noqa: S603 (our own script, with this interpreter)
        [sys.executable, str(REPO_ROOT / "bench" / name), *args],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
