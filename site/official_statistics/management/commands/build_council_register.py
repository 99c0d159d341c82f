from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

import yaml

from authorities.register import REFERENCE_ONS_CODE, REGISTER_FILE
from official_statistics.council_register import build_register, sightings
from official_statistics.services import is_ees_file

HEADER = """\
# The register of English local authorities with children's services, loaded by load_content.
# Made from DfE's Explore Education Statistics files (Open Government Licence v3.0) by
#   manage.py build_council_register [FOLDER]
# which rewrites this file: change the command, not the file. Each council of the latest year
# has its name, ONS code, DfE number and region as most of DfE's files publish them;
# other_ons_codes are other codes DfE has published it under with the same DfE number (before a
# change of code, say), predecessors the councils it replaced (with the last year DfE published
# them). reference is the reference authority, Hertfordshire.
"""


class Command(BaseCommand):
    help = (
        "Write content/councils/register.yaml from a folder of DfE Explore Education Statistics "
        "files (default: DFE_DATA_DIR): the local authorities of the latest year, with the codes "
        "and councils that came before them."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", type=Path, metavar="FOLDER")
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="where to write the register (default: the content folder's register)",
        )

    def handle(self, *args, folder: Path | None, output: Path | None, **options):
        folder = folder or Path(settings.DFE_DATA_DIR)
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder of DfE files", returncode=1)
        paths = [path for path in sorted(folder.glob("*.csv")) if is_ees_file(path)]
        seen = sightings(paths)
        if not seen:
            raise CommandError(f"{folder} holds no local-authority rows", returncode=1)
        register = build_register(seen, reference=REFERENCE_ONS_CODE)
        output = output or Path(settings.CONTENT_DIR) / REGISTER_FILE
        output.parent.mkdir(parents=True, exist_ok=True)
        body = yaml.safe_dump(
            register, sort_keys=False, allow_unicode=True, default_flow_style=None, width=200
        )
        output.write_text(HEADER + body, encoding="utf-8")
        changed = sum(1 for council in register["councils"] if len(council) > 4)
        self.stdout.write(
            f"{output}: {len(register['councils'])} councils from {len(paths)} files, "
            f"{changed} with other codes or predecessors"
        )
