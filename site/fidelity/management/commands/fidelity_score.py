import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from fidelity.scoring import answer_problems, result_as_dict, score
from fidelity.selectors import FrameworkUnavailable, current_framework


class Command(BaseCommand):
    help = (
        'Score ANSWERS.json ({"answers": {"<indicator slug>": 0 | 1 | 2 | "na", ...}}) against the '
        "current framework. Invalid input: every problem on stderr, nothing on stdout, exit status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("answers_file", type=Path, metavar="ANSWERS.json")

    def handle(self, *args, answers_file: Path, **options):
        problems, answers, framework = self._read(answers_file)
        if not problems:
            problems = answer_problems(framework.spec, answers)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            sys.exit(1)
        self.stdout.write(json.dumps(result_as_dict(score(framework.spec, answers)), indent=2))

    def _read(self, path: Path):
        try:
            framework = current_framework()
        except FrameworkUnavailable as error:
            return [str(error)], None, None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return [f"{path}: no such file"], None, framework
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            return [f"{path}: not valid JSON ({error})"], None, framework
        if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
            return (
                [f'{path}: expected {{"answers": {{"<indicator slug>": 0 | 1 | 2 | "na", ...}}}}'],
                None,
                framework,
            )
        return [], data["answers"], framework
