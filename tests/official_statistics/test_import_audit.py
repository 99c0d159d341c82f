"""Every import of official statistics is on the statistics audit trail: who (here, the command
line), the file's SHA-256, and what it added, changed and removed in its dataset."""

import hashlib
import io

from django.core.management import CommandError, call_command

import pytest

from official_statistics.choices import ImportSource
from official_statistics.models import StatisticsImport
from tests.official_statistics.dfe_files import CLOSENESS, NUMBERS, children_in_need, file_2021

pytestmark = pytest.mark.django_db


def run(command: str, *args) -> None:
    call_command(command, *[str(a) for a in args], stdout=io.StringIO(), stderr=io.StringIO())


def trail() -> list[tuple]:
    return list(
        StatisticsImport.objects.order_by("pk").values_list(
            "source", "user", "file_name", "sha256", "dataset", "added", "changed", "removed",
            "unchanged",
        )
    )  # fmt: skip


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_import_ees_records_each_file_as_the_command_line(tmp_path):
    first = children_in_need(tmp_path)
    run("import_ees", first)
    first_sum = sha256(first)
    corrected = children_in_need(tmp_path, herts_2025="5900")
    run("import_ees", corrected, "--dataset", "cin")

    assert trail() == [
        (ImportSource.COMMAND, None, "cin.csv", first_sum, "cin", 10, 0, 0, 0),
        (ImportSource.COMMAND, None, "cin.csv", sha256(corrected), "cin", 0, 1, 0, 9),
    ]


def test_import_statistical_neighbours_records_what_it_removed(tmp_path):
    run("import_statistical_neighbours", file_2021(tmp_path))
    smaller = file_2021(tmp_path, closeness=["Very Close", *CLOSENESS[1:]], numbers=NUMBERS[:-1])
    run("import_statistical_neighbours", smaller)

    assert trail()[1] == (
        ImportSource.COMMAND, None, "sn_2021.csv", sha256(smaller),
        "statistical neighbours 2021", 0, 20, 10, 90,
    )  # fmt: skip


def test_import_statistics_folder_records_every_file(tmp_path):
    children_in_need(tmp_path)
    file_2021(tmp_path)

    run("import_statistics_folder", tmp_path)

    assert [(row[2], row[4]) for row in trail()] == [
        ("cin.csv", "cin"),
        ("sn_2021.csv", "statistical neighbours 2021"),
    ]


def test_a_file_that_is_not_imported_is_not_recorded(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("time_period\n2025\n", encoding="utf-8")

    with pytest.raises(CommandError):
        run("import_ees", path)

    assert trail() == []
