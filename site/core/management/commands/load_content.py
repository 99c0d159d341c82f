from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.content_loader import ContentError, load_content
from core.page_cache import schedule_warming


class Command(BaseCommand):
    help = "Create or update the published pages from the files under content/ (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--content-dir",
            type=Path,
            default=settings.CONTENT_DIR,
            help="Folder to load (default: content/).",
        )

    def handle(self, *args, content_dir: Path, verbosity: int, **options):
        try:
            report = load_content(content_dir=content_dir)
        except ContentError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(error.problems)} problem{'s' if len(error.problems) != 1 else ''} in the content: "
                "nothing was loaded."
            ) from error
        if verbosity >= 2:
            for status in ("created", "updated", "unchanged"):
                for path in getattr(report, status):
                    self.stdout.write(f"{status:>9}  {path}")
        if report.drafts:
            self.stdout.write(
                "Kept unpublished, changes saved as drafts (an editor unpublished them): "
                + ", ".join(report.drafts)
            )
        for line in report.other:
            self.stdout.write(line)
        schedule_warming()  # the pages just emptied from the cache, rendered before anyone asks
        self.stdout.write(
            self.style.SUCCESS(
                f"Content loaded: {len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged."
            )
        )
