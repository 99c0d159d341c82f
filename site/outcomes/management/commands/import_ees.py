from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from outcomes.services import import_ees_file


def problem_line(path: Path, line: int | None, message: str) -> str:
    return f"{path} line {line}: {message}" if line else f"{path}: {message}"


class Command(BaseCommand):
    help = (
        "Import Explore Education Statistics open-data CSV files: one observation per measure "
        "for every National, Regional and Local authority row. Each file is imported whole or "
        "not at all; a file not in that layout, or with rows that break it, is listed on stderr "
        "with its line numbers, the other files are still imported, and the exit status is 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--dataset", help="name of the dataset (default: each file's name without .csv)"
        )

    def handle(self, *args, paths: list[Path], dataset: str | None, **options):
        failed = []
        for path in paths:
            report = import_ees_file(path=path, dataset=dataset)
            if not report.ok:
                failed.append(path)
                for line, message in report.problems:
                    self.stderr.write(problem_line(path, line, message))
                self.stderr.write(f"{path}: not imported, nothing from this file was written")
                continue
            for line in report.summary():
                self.stdout.write(line)
        if failed:
            raise CommandError(
                f"{len(failed)} of {len(paths)} file{'s' if len(paths) != 1 else ''} not imported",
                returncode=1,
            )
