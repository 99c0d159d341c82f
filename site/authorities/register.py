"""Read, check and load the register of councils, content/councils/register.yaml (made by
``manage.py build_council_register``; format: content/README.md).

Loading matches a council on its DfE number, which outlives a change of ONS code, else on its
ONS code; it creates what is missing, updates what changed and never deletes a council.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

import yaml

from authorities.choices import Region
from authorities.models import Authority
from core.content_loader import ContentProblem

REGISTER_FILE = Path("councils") / "register.yaml"
REFERENCE_ONS_CODE = "E10000015"  # Hertfordshire, where Family Safeguarding began
ONS_CODE = re.compile(r"E\d{8}")
COUNCIL_KEYS = {"name", "ons_code", "dfe_number", "region", "other_ons_codes", "predecessors"}
PREDECESSOR_KEYS = {"name", "ons_code", "dfe_number", "last_year"}
SAVED_FIELDS = ("name", "ons_code", "dfe_number", "region", "other_ons_codes", "predecessors")


@dataclass(frozen=True)
class CouncilEntry:
    name: str
    ons_code: str
    dfe_number: int
    region: str
    other_ons_codes: list[str] = field(default_factory=list)
    predecessors: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Register:
    reference: str
    councils: list[CouncilEntry]


def read_register(path: Path) -> tuple[Register | None, list[str]]:
    """The register in the file, or every problem found (as 'where: what')."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, ["-: the file does not exist"]
    except yaml.YAMLError as error:
        return None, [f"-: is not valid YAML: {error}"]
    if not isinstance(data, dict) or not isinstance(data.get("councils"), list):
        return None, ["councils: give the list of councils"]
    problems: list[str] = []
    councils = [
        entry
        for number, raw in enumerate(data["councils"], start=1)
        if (entry := _council(raw, f"councils[{number}]", problems)) is not None
    ]
    _check_unique(councils, problems)
    reference = data.get("reference")
    if reference not in {council.ons_code for council in councils}:
        problems.append(f"reference: {reference!r} is not the ONS code of a council listed")
    if problems:
        return None, problems
    return Register(reference, councils), []


def _council(raw, where: str, problems: list[str]) -> CouncilEntry | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: must be a mapping with name, ons_code, dfe_number and region")
        return None
    found = len(problems)
    for key in sorted(set(raw) - COUNCIL_KEYS, key=str):
        problems.append(f"{where}: {key} is not a field; use {', '.join(sorted(COUNCIL_KEYS))}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{where}: name: is required")
    _check_code(raw.get("ons_code"), f"{where}: ons_code", problems)
    _check_number(raw.get("dfe_number"), f"{where}: dfe_number", problems)
    if raw.get("region") not in Region.values:
        problems.append(f"{where}: region: use a region as DfE names it, such as South East")
    former = raw.get("other_ons_codes", [])
    if not isinstance(former, list):
        problems.append(f"{where}: other_ons_codes: give a list of ONS codes")
        former = []
    for code in former:
        _check_code(code, f"{where}: other_ons_codes", problems)
    predecessors = raw.get("predecessors", [])
    if not isinstance(predecessors, list):
        problems.append(f"{where}: predecessors: give a list of councils")
        predecessors = []
    for number, predecessor in enumerate(predecessors, start=1):
        _check_predecessor(predecessor, f"{where}: predecessors[{number}]", problems)
    if len(problems) > found:
        return None
    return CouncilEntry(
        name.strip(), raw["ons_code"], raw["dfe_number"], raw["region"], former, predecessors
    )


def _check_predecessor(raw, where: str, problems: list[str]) -> None:
    if not isinstance(raw, dict) or set(raw) != PREDECESSOR_KEYS:
        problems.append(f"{where}: give exactly {', '.join(sorted(PREDECESSOR_KEYS))}")
        return
    if not isinstance(raw["name"], str) or not raw["name"].strip():
        problems.append(f"{where}: name: is required")
    _check_code(raw["ons_code"], f"{where}: ons_code", problems)
    _check_number(raw["dfe_number"], f"{where}: dfe_number", problems)
    if type(raw["last_year"]) is not int or not 1990 <= raw["last_year"] <= 2100:
        problems.append(f"{where}: last_year: give a year, such as 2023")


def _check_code(value, where: str, problems: list[str]) -> None:
    if not isinstance(value, str) or not ONS_CODE.fullmatch(value):
        problems.append(f"{where}: {value!r} is not an ONS code (E and eight digits)")


def _check_number(value, where: str, problems: list[str]) -> None:
    if type(value) is not int or not 1 <= value <= 999:
        problems.append(f"{where}: {value!r} is not a DfE number (a whole number, 1 to 999)")


def _check_unique(councils: list[CouncilEntry], problems: list[str]) -> None:
    codes: dict[str, str] = {}
    numbers: dict[int, str] = {}
    for council in councils:
        for code in (council.ons_code, *council.other_ons_codes):
            if code in codes:
                problems.append(f"{council.name}: ONS code {code} is also {codes[code]}'s")
            codes[code] = council.name
        if council.dfe_number in numbers:
            problems.append(
                f"{council.name}: DfE number {council.dfe_number} is also "
                f"{numbers[council.dfe_number]}'s"
            )
        numbers[council.dfe_number] = council.name


def _matches(register: Register) -> tuple[dict[str, Authority | None], list[str]]:
    """The stored council each entry updates (None: a new one), or why the register cannot be
    loaded: a council stored under one of its codes and another's number, say."""
    stored = list(Authority.objects.all())
    by_number = {a.dfe_number: a for a in stored}
    by_code = {a.ons_code: a for a in stored}
    matches, problems = {}, []
    for council in register.councils:
        match = by_number.get(council.dfe_number) or by_code.get(council.ons_code)
        holder = by_code.get(council.ons_code)
        if holder is not None and holder is not match:
            problems.append(
                f"{council.name}: the stored council {holder.name} already has ONS code "
                f"{council.ons_code} under DfE number {holder.dfe_number}"
            )
        matches[council.ons_code] = match
    return matches, problems


@transaction.atomic
def save_register(register: Register) -> str:
    """Create or update every council of the register and mark the reference authority;
    returns what changed, for load_content's report."""
    matches, problems = _matches(register)
    if problems:
        raise ValueError("; ".join(problems))
    created = updated = 0
    for council in register.councils:
        values = {name: getattr(council, name) for name in SAVED_FIELDS}
        authority = matches[council.ons_code]
        if authority is None:
            Authority.objects.create(**values)
            created += 1
        elif any(getattr(authority, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(authority, name, value)
            authority.save(update_fields=list(values))
            updated += 1
    reference = Authority.objects.filter(is_reference=True).exclude(ons_code=register.reference)
    marked = reference.update(is_reference=False)
    marked += Authority.objects.filter(ons_code=register.reference, is_reference=False).update(
        is_reference=True
    )
    if not (created or updated or marked):
        return "unchanged"
    return f"{created} created, {updated} updated" + (", reference marked" if marked else "")


class RegisterContent:
    """The content source core's load_content calls: checked first, written in its transaction."""

    name = "council register"

    def __init__(self):
        self.register: Register | None = None

    def check(self, content_dir: Path) -> list[ContentProblem]:
        path = content_dir / REGISTER_FILE
        if not path.exists():
            return []
        register, problems = read_register(path)
        if register is not None:
            problems = _matches(register)[1]
        self.register = None if problems else register
        return [
            ContentProblem(REGISTER_FILE.as_posix(), *problem.split(": ", 1))
            for problem in problems
        ]

    def write(self) -> str | None:
        if self.register is None:
            return None
        return f"{self.name}: {save_register(self.register)}"
