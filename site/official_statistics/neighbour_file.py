"""Reading DfE's statistical-neighbour files (the 2021 and 2025 models). Pure: no database.

Each row is an authority (DfE number, name, region) followed by its ten statistical
neighbours, closest first, each a DfE number and a closeness band as published ("Very close",
"Close", "Somewhat close", ...). The two models use different headers:

    2021: LA num,LA Name,LA number,GOInd,GOReg,SN1,SNP,SN2,SNP,...,SN10,SNP
    2025: old_la_code,la_name,region_ind,region_name,SN_1,SN_1P,...,SN_10,SN_10P

Neighbours' names are looked up from the file's own rows: both files list every authority.
Blank rows and note rows (such as the 2021 file's "Old SNs:") are skipped.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from official_statistics.csv_files import Problem, read_csv_path, read_header

NEIGHBOURS = 10
DFE_NUMBER = re.compile(r"\d{1,4}")
MAX_NAME = 200
MAX_CLOSENESS = 50


@dataclass(frozen=True)
class Layout:
    model_year: int
    authority_columns: tuple[str, ...]  # the DfE number is the first, the name the second
    neighbour_columns: tuple[str, ...]  # number, closeness; ten times

    def matches(self, header: list[str]) -> bool:
        expected = self.authority_columns + self.neighbour_columns
        extra = header[len(expected) :]
        return header[: len(expected)] == list(expected) and not any(extra)

    def describe(self) -> str:
        return ",".join((*self.authority_columns, *self.neighbour_columns[:4])) + ",..."


LAYOUTS = (
    Layout(
        model_year=2021,
        authority_columns=("LA num", "LA Name", "LA number", "GOInd", "GOReg"),
        neighbour_columns=tuple(
            name for rank in range(1, NEIGHBOURS + 1) for name in (f"SN{rank}", "SNP")
        ),
    ),
    Layout(
        model_year=2025,
        authority_columns=("old_la_code", "la_name", "region_ind", "region_name"),
        neighbour_columns=tuple(
            name for rank in range(1, NEIGHBOURS + 1) for name in (f"SN_{rank}", f"SN_{rank}P")
        ),
    ),
)


class NeighbourRow(NamedTuple):
    dfe_number: int
    area_name: str
    rank: int
    neighbour_dfe_number: int
    neighbour_name: str
    closeness: str


@dataclass
class NeighbourFile:
    model_year: int | None = None
    rows_read: int = 0
    rows_skipped: int = 0
    names: dict[int, str] = field(default_factory=dict)  # DfE number -> authority name
    neighbours: list[NeighbourRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def read_neighbour_file(path: Path | str) -> NeighbourFile:
    return read_csv_path(path, read_neighbours, lambda problems: NeighbourFile(problems=problems))


def read_neighbours(lines: Iterable[str]) -> NeighbourFile:
    result = NeighbourFile()
    reader = csv.reader(lines)
    try:
        header, problem = read_header(reader)
        if problem is not None:
            result.problems.append(problem)
            return result
        layout = next((layout for layout in LAYOUTS if layout.matches(header)), None)
        if layout is None:
            result.problems.append(
                (
                    1,
                    "not a statistical-neighbour file: the header should start "
                    + " or ".join(f'"{lay.describe()}" ({lay.model_year})' for lay in LAYOUTS),
                )
            )
            return result
        result.model_year = layout.model_year
        rows = [(reader.line_num, [cell.strip() for cell in row]) for row in reader]
    except csv.Error as error:
        result.problems.append((reader.line_num, f"not readable as CSV ({error})"))
        return result

    authorities = _read_authorities(layout, rows, result)
    for number, name, pairs in authorities:
        for rank, (neighbour, closeness) in enumerate(pairs, start=1):
            result.neighbours.append(
                NeighbourRow(
                    number, name, rank, neighbour, result.names.get(neighbour, ""), closeness
                )
            )
    return result


def _read_authorities(layout: Layout, rows: list, result: NeighbourFile) -> list:
    first = len(layout.authority_columns)
    width = first + len(layout.neighbour_columns)
    problems = result.problems
    authorities = []
    lines_of: dict[int, int] = {}
    for line, row in rows:
        row = row + [""] * (width - len(row))
        if not any(row):
            continue  # a blank line
        result.rows_read += 1
        if not row[0] and not any(row[first:]):
            result.rows_skipped += 1  # a note, such as "Old SNs:"
            continue
        if any(row[width:]):
            problems.append((line, f"{len(row)} fields where the header has {width}"))
            continue
        bad = len(problems)
        number_text, name = row[0], row[1]
        number = int(number_text) if DFE_NUMBER.fullmatch(number_text) else None
        if number is None:
            problems.append(
                (line, f'{layout.authority_columns[0]} "{number_text}" is not a DfE number')
            )
        elif number in lines_of:
            problems.append((line, f"authority {number} is already on line {lines_of[number]}"))
        if not name:
            problems.append((line, f"no {layout.authority_columns[1]}"))
        elif len(name) > MAX_NAME:
            problems.append((line, f"{layout.authority_columns[1]} is too long"))
        pairs = []
        for rank in range(NEIGHBOURS):
            column = layout.neighbour_columns[2 * rank]
            neighbour_text, closeness = row[first + 2 * rank], row[first + 2 * rank + 1]
            if not DFE_NUMBER.fullmatch(neighbour_text):
                problems.append((line, f'{column} "{neighbour_text}" is not a DfE number'))
                continue
            neighbour = int(neighbour_text)
            if neighbour == number:
                problems.append((line, f"{column} is the authority itself"))
            elif neighbour in (earlier for earlier, _ in pairs):
                problems.append((line, f"{column} ({neighbour}) is listed twice"))
            if len(closeness) > MAX_CLOSENESS:
                problems.append((line, f"{layout.neighbour_columns[2 * rank + 1]} is too long"))
            pairs.append((neighbour, closeness))
        if len(problems) > bad:
            continue
        lines_of[number] = line
        result.names[number] = name
        authorities.append((number, name, pairs))
    return authorities
