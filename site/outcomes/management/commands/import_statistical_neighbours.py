from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from outcomes.management.commands.import_ees import problem_line
from outcomes.services import import_statistical_neighbours


class Command(BaseCommand):
    help = (
        "Import DfE statistical-neighbour files (the 2021 and 2025 models): ten neighbours per "
        "authority with their closeness, replacing what is stored for that model year. A file "
        "with problems is listed on stderr with its line numbers, not imported, and the exit "
        "status is 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")

    def handle(self, *args, paths: list[Path], **options):
        failed = []
        for path in paths:
            report = import_statistical_neighbours(path=path)
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
