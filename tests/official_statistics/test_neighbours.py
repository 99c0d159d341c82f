"""Importing DfE statistical-neighbour files in the 2021 and 2025 layouts (small, made-up)."""

import io

from django.core.management import CommandError, call_command

import pytest

from official_statistics.models import StatisticalNeighbour
from official_statistics.neighbour_file import read_neighbours
from tests.official_statistics.dfe_files import (
    CLOSENESS,
    HEADER_2025,
    NUMBERS,
    file_2021,
    file_2025,
    neighbours_of,
)

pytestmark = pytest.mark.django_db


def run(*paths) -> str:
    out = io.StringIO()
    call_command(
        "import_statistical_neighbours", *map(str, paths), stdout=out, stderr=io.StringIO()
    )
    return out.getvalue()


def run_failing(*paths) -> tuple[str, CommandError]:
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command(
            "import_statistical_neighbours", *map(str, paths), stdout=io.StringIO(), stderr=err
        )
    return err.getvalue(), failure.value


def test_the_2021_layout_gives_ten_neighbours_per_authority(tmp_path):
    out = run(file_2021(tmp_path))

    assert "statistical neighbours, 2021 model" in out
    assert "rows read: 13, rows skipped: 1" in out  # the "Old SNs:" note
    assert "authorities: 12, neighbours: 120" in out
    assert "neighbours created: 120, updated: 0, removed: 0, unchanged: 0" in out
    first = StatisticalNeighbour.objects.filter(model_year=2021, dfe_number=801)
    assert first.count() == 10
    assert list(first.values_list("rank", "neighbour_dfe_number", "neighbour_name", "closeness"))[
        :3
    ] == [
        (1, 802, "Authority 802", "Extremely Close"),
        (2, 803, "Authority 803", "Extremely Close"),
        (3, 804, "Authority 804", "Very Close"),
    ]
    assert first.get(rank=10).closeness == "Not Close"
    assert set(first.values_list("area_name", flat=True)) == {"Authority 801"}


def test_the_2025_layout_is_kept_beside_2021(tmp_path):
    run(file_2021(tmp_path))

    out = run(file_2025(tmp_path))

    assert "statistical neighbours, 2025 model" in out
    assert "neighbours created: 120" in out
    assert StatisticalNeighbour.objects.filter(model_year=2021).count() == 120
    latest = StatisticalNeighbour.objects.filter(model_year=2025, dfe_number=812)
    assert list(latest.values_list("neighbour_dfe_number", flat=True)) == neighbours_of(812)
    assert set(latest.values_list("closeness", flat=True)) == {"Close"}  # stripped


def test_a_second_import_changes_nothing_and_says_so(tmp_path):
    path = file_2025(tmp_path)
    run(path)
    before = list(StatisticalNeighbour.objects.values_list("pk", flat=True))

    out = run(path)

    assert "neighbours created: 0, updated: 0, removed: 0, unchanged: 120" in out
    assert "nothing changed" in out
    assert list(StatisticalNeighbour.objects.values_list("pk", flat=True)) == before


def test_a_new_file_for_a_year_replaces_that_year(tmp_path):
    run(file_2021(tmp_path))
    run(file_2025(tmp_path))
    changed = ["Very Close"] + CLOSENESS[1:]

    out = run(file_2021(tmp_path, closeness=changed, numbers=NUMBERS[:-1]))

    # Authority 812 is gone: its ten rows are removed, and ten authorities' neighbour 812 has
    # no name now (the file no longer lists it). Each of the eleven authorities' first
    # neighbour changed band; for 811 that neighbour is 812, so 11 + 10 - 1 rows changed.
    assert "neighbours created: 0, updated: 20, removed: 10, unchanged: 90" in out
    assert not StatisticalNeighbour.objects.filter(model_year=2021, dfe_number=812).exists()
    assert StatisticalNeighbour.objects.get(model_year=2021, dfe_number=801, rank=1).closeness == (
        "Very Close"
    )
    assert StatisticalNeighbour.objects.filter(model_year=2025).count() == 120


def test_a_neighbour_missing_from_the_file_has_no_name(tmp_path):
    run(file_2025(tmp_path, numbers=NUMBERS[:1]))  # only 801: its neighbours are not listed

    names = set(StatisticalNeighbour.objects.values_list("neighbour_name", flat=True))

    assert names == {""}


def test_a_file_in_neither_layout_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("la,name\n919,Hertfordshire\n", encoding="utf-8")

    err, error = run_failing(path)

    assert error.returncode == 1
    assert f"{path} line 1: not a statistical-neighbour file: the header should start" in err
    assert '"old_la_code,la_name,region_ind,region_name,SN_1,SN_1P,SN_2,SN_2P,..." (2025)' in err
    assert StatisticalNeighbour.objects.count() == 0


def test_bad_rows_are_listed_and_nothing_is_written(tmp_path):
    run(file_2025(tmp_path))
    pairs = ",".join(f"{n},Close" for n in range(901, 910))
    path = file_2021(
        tmp_path,
        extra=[
            f"835,Dorset (Pre LG),835,7,South West,{pairs},abc,Close,",
            f"836,,836,7,South West,836,Close,{pairs},",
            f"801,Authority 801 again,801,6,South East,{pairs},902,Close,",
        ],
    )

    err, error = run_failing(path)

    assert error.returncode == 1
    assert err.splitlines() == [
        f'{path} line 17: SN10 "abc" is not a DfE number',
        f"{path} line 18: no LA Name",
        f"{path} line 18: SN1 is the authority itself",
        f"{path} line 19: authority 801 is already on line 2",
        f"{path} line 19: SN10 (902) is listed twice",
        f"{path}: not imported, nothing from this file was written",
    ]
    assert not StatisticalNeighbour.objects.filter(model_year=2021).exists()
    assert StatisticalNeighbour.objects.filter(model_year=2025).count() == 120


def test_reading_is_pure_and_detects_the_model_year():
    lines = [HEADER_2025 + "\n"]
    lines += [
        f"{number},Authority {number},6,South East,"
        + ",".join(f"{n},Very close" for n in neighbours_of(number))
        + "\n"
        for number in NUMBERS
    ]

    parsed = read_neighbours(lines)

    assert parsed.ok
    assert parsed.model_year == 2025
    assert len(parsed.neighbours) == 120
    assert parsed.names[801] == "Authority 801"
