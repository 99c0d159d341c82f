from pathlib import Path

from django.core.management.base import BaseCommand

from official_statistics.management.reporting import import_files
from official_statistics.services import import_ees_file


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
        import_files(self, paths, lambda path: import_ees_file(path=path, dataset=dataset))
