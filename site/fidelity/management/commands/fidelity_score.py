import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from fidelity.scoring import answer_problems, result_as_dict, score
from fidelity.selectors import FrameworkUnavailable, current_framework

# An answers file names each indicator once: a few kilobytes. Anything near this is not one.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_PROBLEMS_SHOWN = 100


class Command(BaseCommand):
    help = (
        'Score ANSWERS.json ({"answers": {"<indicator slug>": 0 | 1 | 2 | "na", ...}}) against the '
        "current framework. Invalid input: every problem on stderr (the first "
        f"{MAX_PROBLEMS_SHOWN}, then how many more), nothing on stdout, exit status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("answers_file", type=Path, metavar="ANSWERS.json")

    def handle(self, *args, answers_file: Path, **options):
        problems, answers, framework = self._read(answers_file)
        if not problems:
            problems = answer_problems(framework.spec, answers)
        if problems:
            for problem in problems[:MAX_PROBLEMS_SHOWN]:
                self.stderr.write(_one_line(problem))
            if len(problems) > MAX_PROBLEMS_SHOWN:
                self.stderr.write(f"and {len(problems) - MAX_PROBLEMS_SHOWN} more problems")
            sys.exit(1)
        self.stdout.write(json.dumps(result_as_dict(score(framework.spec, answers)), indent=2))

    def _read(self, path: Path):
        try:
            framework = current_framework()
        except FrameworkUnavailable as error:
            return [str(error)], None, None
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                return [f"{path}: larger than 5 MB, too large for an answers file"], None, framework
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return [f"{path}: no such file"], None, framework
        except IsADirectoryError:
            return [f"{path}: a folder, not a file"], None, framework
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            return [f"{path}: not valid JSON ({error})"], None, framework
        except RecursionError:
            return [f"{path}: not an answers file (nested too deeply to read)"], None, framework
        except ValueError:
            # Python refuses to convert an integer of thousands of digits (a denial of service).
            return [f"{path}: not an answers file (a number too long to read)"], None, framework
        if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
            return (
                [f'{path}: expected {{"answers": {{"<indicator slug>": 0 | 1 | 2 | "na", ...}}}}'],
                None,
                framework,
            )
        return [], data["answers"], framework


def _one_line(problem: str, limit: int = 300) -> str:
    """A problem quotes the file's slugs and values: keep each to one readable line."""
    line = " ".join(problem.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
