from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from outcomes.management.commands.import_ees import problem_line
from outcomes.services import import_ees_file, import_statistical_neighbours

EES_COLUMN = "time_period"


def is_ees_file(path: Path) -> bool:
    """EES open-data files start with the standard columns; neighbour files do not."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        return EES_COLUMN in file.readline().split(",")


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
        failed = []
        for path in paths:
            if is_ees_file(path):
                report = import_ees_file(path=path)
            else:
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
            raise CommandError(f"{len(failed)} of {len(paths)} files not imported", returncode=1)
