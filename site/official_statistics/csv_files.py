"""What reading either kind of DfE file shares: opening it (UTF-8, with or without a
byte-order mark) with its problems named, and reading its header line."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

Problem = tuple[int | None, str]  # (line number, or None for the whole file; message)
Result = TypeVar("Result")


def read_csv_path(
    path: Path | str,
    read: Callable[[Iterable[str]], Result],
    failed: Callable[[list[Problem]], Result],
    *,
    progress: Callable[[int], None] | None = None,
) -> Result:
    """``read`` the open file, or ``failed`` with why it could not be opened as text.
    ``progress``, if given, is told the number of lines read so far as reading goes on."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return read(handle if progress is None else _counted(handle, progress))
    except FileNotFoundError:
        return failed([(None, "no such file")])
    except IsADirectoryError:
        return failed([(None, "a folder, not a file")])
    except UnicodeDecodeError as error:
        return failed([(None, f"not UTF-8 text ({error.reason} at byte {error.start})")])


def _counted(lines: Iterable[str], progress: Callable[[int], None]) -> Iterable[str]:
    for number, line in enumerate(lines, start=1):
        progress(number)
        yield line


def read_header(reader) -> tuple[list[str] | None, Problem | None]:
    """The column names, trimmed and without a byte-order mark; or the problem of an empty file."""
    header = next(reader, None)
    if header is None:
        return None, (None, "the file is empty")
    header = [name.strip() for name in header]
    if header:
        header[0] = header[0].removeprefix("\ufeff").strip()
    return header, None
