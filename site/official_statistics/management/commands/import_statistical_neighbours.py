from pathlib import Path

from django.core.management.base import BaseCommand

from official_statistics.management.reporting import import_files
from official_statistics.services import import_statistical_neighbours


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
        import_files(self, paths, lambda path: import_statistical_neighbours(path=path))
