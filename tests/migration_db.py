"""A throwaway SQLite database, migrated by manage.py in a subprocess: for the tests of migrations
that move models between apps or fill in data. The test database is never migrated by a test."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def throwaway_database(folder: Path) -> tuple[Path, dict]:
    """A database file in ``folder`` and the environment that points manage.py at it."""
    path = folder / "throwaway.sqlite3"
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {
        "DATABASE_URL": f"sqlite:///{path}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "TMPDIR": str(folder),  # where the test settings make their temporary folders
    }
    return path, env


def manage(*args: str, env: dict) -> str:
    """Run manage.py with ``args`` against the throwaway database; its standard output."""
    result = subprocess.run(  # noqa: S603 (our own manage.py, with fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stderr}"
    return result.stdout


def shell(script: str, *, env: dict) -> str:
    """Run a Python script in manage.py shell against the throwaway database."""
    return manage("shell", "--verbosity=0", "--command", script, env=env)
