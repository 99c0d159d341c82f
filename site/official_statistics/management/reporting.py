"""What the import commands share: import each file, print its summary or its problems with
line numbers (the first hundred of a file), and fail (exit status 1) naming how many files were
not imported."""

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

MAX_PROBLEMS_SHOWN = 100  # a hostile file could have one per cell


def problem_line(path: Path, line: int | None, message: str) -> str:
    return f"{path} line {line}: {message}" if line else f"{path}: {message}"


def import_files(command: BaseCommand, paths: list[Path], import_file: Callable) -> None:
    """``import_file(path)`` returns a report with ok, problems and summary()."""
    failed = []
    for path in paths:
        report = import_file(path)
        if not report.ok:
            failed.append(path)
            for line, message in report.problems[:MAX_PROBLEMS_SHOWN]:
                command.stderr.write(problem_line(path, line, message))
            if len(report.problems) > MAX_PROBLEMS_SHOWN:
                more = len(report.problems) - MAX_PROBLEMS_SHOWN
                command.stderr.write(f"{path}: and {more:,} more problems")
            command.stderr.write(f"{path}: not imported, nothing from this file was written")
            continue
        for line in report.summary():
            command.stdout.write(line)
    if failed:
        raise CommandError(
            f"{len(failed)} of {len(paths)} file{'s' if len(paths) != 1 else ''} not imported",
            returncode=1,
        )
