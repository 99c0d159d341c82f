"""The register of councils, worked out from DfE's Explore Education Statistics files: every
local authority of the latest year, with the codes and councils that came before it.

The result is content (content/councils/register.yaml, loaded by authorities.register);
``manage.py build_council_register`` writes it. The files do not always agree (a file may keep
rows for a council that has gone, or use a code before the others do), so a council counts as
existing in a year when most of the files that cover that year list it, under the code most of
them use. Councils that reorganised are joined up so:

- a council keeps the other ONS codes DfE has published it under, with the same DfE number
  (North Yorkshire and Somerset took new codes in 2023);
- a council that no longer exists is a predecessor of the councils that first exist the year
  after its last, in its region: those whose names contain its name if any do (Northamptonshire,
  Bournemouth, Poole, Dorset), otherwise all of them (Cumbria: Cumberland, and Westmorland and
  Furness).
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

LOCAL_AUTHORITY = "Local authority"


class Sighting(NamedTuple):
    """A local authority as one file names it for one year."""

    file: str
    year: int
    ons_code: str
    dfe_number: int
    name: str
    region: str


def sightings(paths: Iterable[Path]) -> set[Sighting]:
    """Every (file, year, authority) the files' local-authority rows name. Joint rows (two
    numbers) are left out: each authority of a joint row has rows of its own."""
    seen = set()
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as file:
            for row in csv.DictReader(file):
                number = (row.get("old_la_code") or "").strip()
                if row.get("geographic_level") != LOCAL_AUTHORITY or not number.isdigit():
                    continue
                seen.add(
                    Sighting(
                        file=path.name,
                        year=int(row["time_period"][:4]),
                        ons_code=row["new_la_code"].strip(),
                        dfe_number=int(number),
                        name=row["la_name"].strip(),
                        region=row["region_name"].strip(),
                    )
                )
    return seen


def build_register(seen: set[Sighting], *, reference: str) -> dict:
    """The register's content: the councils of the latest year, A to Z, with what they replaced."""
    by_year = _councils_by_year(seen)
    latest = max(by_year)
    current = by_year[latest]
    codes: dict[int, set[str]] = defaultdict(set)
    for sighting in seen:
        codes[sighting.dfe_number].add(sighting.ons_code)
    last_year: dict[int, int] = {}
    for year in sorted(by_year):
        for number in by_year[year]:
            last_year[number] = year

    predecessors: dict[int, list[dict]] = defaultdict(list)
    for number, year in sorted(last_year.items()):
        if number in current:
            continue
        gone = by_year[year][number]
        for successor in _successors(gone, by_year.get(year + 1, {}), by_year[year]):
            predecessors[successor].append(
                {
                    "name": gone.name,
                    "ons_code": gone.ons_code,
                    "dfe_number": number,
                    "last_year": year,
                }
            )

    councils = []
    for number, council in sorted(current.items(), key=lambda item: item[1].name):
        entry = {
            "name": council.name,
            "ons_code": council.ons_code,
            "dfe_number": number,
            "region": council.region,
        }
        if other := sorted(codes[number] - {council.ons_code}):
            entry["other_ons_codes"] = other
        if predecessors[number]:
            entry["predecessors"] = predecessors[number]
        councils.append(entry)
    return {"reference": reference, "councils": councils}


def _councils_by_year(seen: set[Sighting]) -> dict[int, dict[int, Sighting]]:
    """Year -> DfE number -> the council as most files covering that year name it, for the
    councils most of those files list."""
    files_by_year: dict[int, set[str]] = defaultdict(set)
    listed: dict[tuple[int, int], list[Sighting]] = defaultdict(list)
    for sighting in seen:
        files_by_year[sighting.year].add(sighting.file)
        listed[sighting.year, sighting.dfe_number].append(sighting)
    by_year: dict[int, dict[int, Sighting]] = defaultdict(dict)
    for (year, number), found in sorted(listed.items()):
        found.sort()  # ties go the same way every run
        if 2 * len({s.file for s in found}) <= len(files_by_year[year]):
            continue
        usual, _ = Counter((s.ons_code, s.name, s.region) for s in found).most_common(1)[0]
        by_year[year][number] = next(s for s in found if (s.ons_code, s.name, s.region) == usual)
    return by_year


def _successors(
    gone: Sighting, after: dict[int, Sighting], before: dict[int, Sighting]
) -> list[int]:
    new = [s for number, s in after.items() if number not in before and s.region == gone.region]
    named = [s for s in new if gone.name.lower() in s.name.lower()]
    return sorted(s.dfe_number for s in (named or new))
