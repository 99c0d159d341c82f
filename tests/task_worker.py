"""Running background tasks as production does: stored by django-tasks-db's backend and run
by its worker command (`manage.py db_worker`), rather than at once by the immediate backend of
the test settings."""

import io
import signal

from django.core.management import call_command
from django.test import override_settings

from django_tasks_db.management.commands import db_worker

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def database_backend():
    """Settings under which enqueued tasks wait in the database for a worker."""
    return override_settings(TASKS=DATABASE_TASKS)


def run_worker(monkeypatch) -> str:
    """Run the worker until no task is left (its --batch mode), and return what it logged.

    The test runs inside a transaction that is rolled back at its end; the worker's
    close_old_connections would drop that connection (its autocommit is off), so the worker
    keeps it, as it would keep a healthy one."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    # The worker takes over SIGINT, SIGTERM and SIGQUIT and leaves them so: give them back.
    names = [name for name in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, name)]
    handlers = {name: signal.getsignal(getattr(signal, name)) for name in names}
    output = io.StringIO()
    try:
        call_command(
            "db_worker", batch=True, interval=0, startup_delay=False, stdout=output, stderr=output
        )
    finally:
        for name, handler in handlers.items():
            signal.signal(getattr(signal, name), handler)
    return output.getvalue()
