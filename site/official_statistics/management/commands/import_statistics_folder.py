from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from official_statistics.management.reporting import import_files
from official_statistics.services import import_statistics_file


class Command(BaseCommand):
    help = (
        "Import every CSV file of a folder of DfE official statistics (default: DFE_DATA_DIR): "
        "Explore Education Statistics files as import_ees does, statistical-neighbour files as "
        "import_statistical_neighbours does. Run by `make demo`; with no folder given and "
        "DFE_DATA_DIR absent it says so and does nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", type=Path, metavar="FOLDER")

    def handle(self, *args, folder: Path | None, **options):
        if folder is None:
            folder = Path(settings.DFE_DATA_DIR)
            if not folder.is_dir():
                self.stdout.write(
                    f"No official statistics imported: there is no folder {folder} "
                    "(set DFE_DATA_DIR to the folder of DfE CSV files)."
                )
                return
        elif not folder.is_dir():
            raise CommandError(f"{folder} is not a folder", returncode=1)
        paths = sorted(folder.glob("*.csv"))
        if not paths:
            raise CommandError(f"{folder} holds no CSV files", returncode=1)
        import_files(self, paths, lambda path: import_statistics_file(path=path))
