"""Work that runs in a background task (django-tasks) and the record a page shows of it.

A view creates the record (queued) and enqueues the task once that commits; the task marks it
running, reports its progress as it goes and ends it done or failed, with a reason a person
can read. Progress is written outside any open transaction of the work itself, so the status
page sees it while the work runs (by a worker, or at once under the immediate backend).
"""

from __future__ import annotations

import time

from django.core.files.storage import storages
from django.db import models, transaction
from django.utils import timezone

from core.choices import FINISHED_STATUSES, WorkStatus

# How often, at most, progress is written to the database while work runs.
PROGRESS_EVERY_SECONDS = 0.5


def private_storage():
    """Where background work keeps its files: the storage of councils' evidence files, which
    has no URL, so a file reaches people only through a view that checks who is asking."""
    return storages["evidence"]


class BackgroundWork(models.Model):
    """What every background job's record holds: its status, progress and why it failed."""

    status = models.CharField(max_length=20, choices=WorkStatus.choices, default=WorkStatus.QUEUED)
    step = models.CharField(
        max_length=100, blank=True, help_text="What the work is doing now, for a person."
    )
    done = models.PositiveIntegerField(default=0, help_text="Units (rows, lines) finished.")
    total = models.PositiveIntegerField(null=True, blank=True, help_text="Units in all, if known.")
    failure = models.TextField(blank=True, help_text="Why the work failed, for a person.")
    task_id = models.CharField(max_length=64, blank=True, help_text="The django-tasks result id.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)

    def _update(self, **fields) -> None:
        for name, value in fields.items():
            setattr(self, name, value)
        type(self).objects.filter(pk=self.pk).update(**fields)

    def start(self, *, step: str, total: int | None = None) -> None:
        self._update(
            status=WorkStatus.RUNNING, step=step, done=0, total=total, started_at=timezone.now()
        )

    def move_to(self, *, step: str, done: int = 0, total: int | None = None) -> None:
        self._update(step=step, done=done, total=total)

    def finish(self, **result_fields) -> None:
        self._update(status=WorkStatus.DONE, step="", finished_at=timezone.now(), **result_fields)

    def fail(self, reason: str, **result_fields) -> None:
        self._update(
            status=WorkStatus.FAILED,
            step="",
            failure=reason,
            finished_at=timezone.now(),
            **result_fields,
        )

    def progress_reporter(self):
        """A callable taking the units done so far, which writes them at most every
        PROGRESS_EVERY_SECONDS (a write per row would slow the work it reports)."""
        last = time.monotonic()

        def report(done: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= PROGRESS_EVERY_SECONDS:
                last = now
                self._update(done=done)

        return report


def enqueue_on_commit(work: BackgroundWork, task, **kwargs) -> None:
    """Enqueue ``task`` once the transaction that made ``work`` commits (a worker must find the
    record), and keep the task's id on the record for whoever investigates a failure."""

    def enqueue() -> None:
        result = task.enqueue(**kwargs)
        type(work).objects.filter(pk=work.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(enqueue)
