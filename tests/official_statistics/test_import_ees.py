"""Importing Explore Education Statistics open-data files, and exporting what was imported.

Every file here is small and written by the test, in the layout of the real DfE files.
"""

import io
import json
from decimal import Decimal

from django.core.management import CommandError, call_command
from django.test import override_settings

import pytest

from official_statistics import services
from official_statistics.choices import Level
from official_statistics.ees import read_ees
from official_statistics.models import Observation
from official_statistics.services import import_ees_file
from tests.official_statistics.dfe_files import (
    CIN,
    EAST,
    ENGLAND,
    HEADER,
    HERTS,
    children_in_need,
    write,
)

pytestmark = pytest.mark.django_db


def run(command: str, *args, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *[str(a) for a in args], stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def run_failing(command: str, *args, **options) -> tuple[str, str, CommandError]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command(command, *[str(a) for a in args], stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue(), failure.value


def figure(**lookup):
    observation = Observation.objects.get(**lookup)
    return observation.value, observation.symbol


# Importing ----------------------------------------------------------------------------------


def test_each_row_becomes_one_observation_per_measure(tmp_path):
    path = children_in_need(tmp_path)

    out, err = run("import_ees", path)

    assert err == ""
    assert f"{path}: dataset cin, 2 measures, filters: category" in out
    assert "rows read: 6, rows skipped: 1 (1 Local authority district)" in out
    assert "observations created: 10, updated: 0, unchanged: 0" in out
    assert "symbols kept: 3" in out
    assert Observation.objects.count() == 10
    herts = Observation.objects.get(measure="At31_episodes", area_code="E10000015", period="2025")
    assert herts.value == Decimal("5848")
    assert herts.symbol == ""
    assert herts.dataset == "cin"
    assert herts.level == Level.LOCAL_AUTHORITY
    assert herts.dfe_number == 919
    assert herts.area_name == "Hertfordshire"
    assert herts.time_identifier == "Reporting year"
    assert herts.filters == {"category": CIN}
    assert herts.filter_key == f"category={CIN}"
    region = Observation.objects.get(measure="At31_episodes", area_code="E12000006")
    assert (region.level, region.area_name, region.dfe_number) == (
        Level.REGIONAL,
        "East of England",
        None,
    )
    england = Observation.objects.get(measure="At31_episodes", area_code="E92000001")
    assert (england.level, england.area_name, england.value) == (
        Level.NATIONAL,
        "England",
        Decimal("402400"),
    )


def test_suppressed_figures_keep_their_symbol_and_no_number(tmp_path):
    symbols = ["c", "x", "z", "u", "low", "LOW", "k", ":", ".."]
    lines = [
        "time_period,time_identifier,geographic_level,country_code,country_name,"
        "region_code,region_name,old_la_code,new_la_code,la_name,rate"
    ]
    for number, symbol in enumerate(symbols):
        lines.append(
            f"2025,Reporting year,Local authority,{ENGLAND},{EAST},{800 + number},"
            f"E0600{number:04d},Council {number},{symbol}"
        )
    lines.append(f"2025,Reporting year,National,{ENGLAND},,,,,,12.5")
    path = write(tmp_path, "rates.csv", lines)

    out, _ = run("import_ees", path)

    assert "symbols kept: 9" in out
    stored = dict(Observation.objects.values_list("area_code", "symbol"))
    assert stored["E06000004"] == "low"
    assert stored["E06000005"] == "low"  # case does not matter; stored in lower case
    assert stored["E06000007"] == ":"
    assert stored["E06000008"] == ".."
    assert not Observation.objects.filter(value__isnull=False).exclude(symbol="").exists()
    assert Observation.objects.filter(symbol="").get().value == Decimal("12.5")
    assert Observation.objects.filter(value__isnull=True).count() == 9


def test_byte_order_mark_and_quoted_empty_strings(tmp_path):
    path = write(
        tmp_path,
        "cpp.csv",
        [
            HEADER,
            f'2025,Reporting year,National,{ENGLAND},"","",,"","",{CIN},49420,""',
            f'2025,Reporting year,Local authority,{HERTS},"{CIN}","900",""',
        ],
        bom=True,
    )

    out, err = run("import_ees", path)

    assert err == ""
    assert "observations created: 2" in out
    assert "empty cells (no observation): 2" in out
    assert figure(area_code="E92000001", measure="At31_episodes") == (Decimal("49420"), "")
    assert figure(area_code="E10000015", measure="At31_episodes") == (Decimal("900"), "")
    assert not Observation.objects.filter(measure="awaiting_assessment").exists()


def test_a_row_breaking_the_layout_fails_with_its_line_and_writes_nothing(tmp_path):
    path = write(
        tmp_path,
        "broken.csv",
        [
            HEADER,
            f"2025,Reporting year,National,{ENGLAND},,,,,,{CIN},402400,16290",
            f"2025,Reporting year,Local authority,{HERTS},{CIN},5848,313",
            f"2025,Reporting year,Local authority,{ENGLAND},{EAST},919,,Hertfordshire,{CIN},1,2",
            f"2025,Reporting year,,{ENGLAND},,,,,,{CIN},1,2",
            f"25,Reporting year,National,{ENGLAND},,,,,,{CIN},1,2",
            f"2024,Reporting year,National,{ENGLAND},,,,,,{CIN},1",
        ],
    )

    out, err, error = run_failing("import_ees", path)

    assert error.returncode == 1
    assert out == ""
    assert err.splitlines() == [
        f"{path} line 4: a Local authority row without new_la_code",
        f"{path} line 5: no geographic_level",
        f'{path} line 6: time_period "25" is not a year (2025) or a pair of years (202425)',
        f"{path} line 7: 12 fields where the header has 13",
        f"{path}: not imported, nothing from this file was written",
    ]
    assert str(error) == "1 of 1 file not imported"
    assert Observation.objects.count() == 0


def test_a_file_not_in_the_layout_is_refused(tmp_path):
    path = write(tmp_path, "other.csv", ["year,council,children", "2025,Hertfordshire,5848"])
    missing = tmp_path / "missing.csv"

    _, err, error = run_failing("import_ees", path, missing)

    assert error.returncode == 1
    assert (
        f"{path} line 1: not an Explore Education Statistics open-data file: no time_period, "
        "time_identifier, geographic_level, country_code, country_name columns"
    ) in err
    assert f"{missing}: no such file" in err
    assert str(error) == "2 of 2 files not imported"


def test_good_files_are_imported_when_another_fails(tmp_path):
    good = children_in_need(tmp_path)
    bad = write(
        tmp_path,
        "bad.csv",
        [HEADER, f"2025,Reporting year,Local authority,{ENGLAND},{EAST},919,,Herts,{CIN},1,2"],
    )

    out, err, error = run_failing("import_ees", bad, good)

    assert f"{bad} line 2: a Local authority row without new_la_code" in err
    assert f"{good}: dataset cin" in out
    assert "observations created: 10" in out
    assert str(error) == "1 of 2 files not imported"
    assert set(Observation.objects.values_list("dataset", flat=True)) == {"cin"}


def test_a_second_import_changes_nothing_and_says_so(tmp_path):
    path = children_in_need(tmp_path)
    run("import_ees", path)
    before = list(Observation.objects.values_list("pk", "value", "symbol").order_by("pk"))

    out, _ = run("import_ees", path)

    assert "observations created: 0, updated: 0, unchanged: 10" in out
    assert "nothing changed" in out
    assert list(Observation.objects.values_list("pk", "value", "symbol").order_by("pk")) == before


def test_a_corrected_file_updates_the_figures_it_changes(tmp_path):
    run("import_ees", children_in_need(tmp_path))
    corrected = children_in_need(tmp_path, herts_2025="5850", wberks_2025="1203")

    out, _ = run("import_ees", corrected)

    assert "observations created: 0, updated: 2, unchanged: 8" in out
    assert "nothing changed" not in out
    assert figure(area_code="E10000015", period="2025", measure="At31_episodes") == (
        Decimal("5850"),
        "",
    )
    assert figure(area_code="E06000037", measure="At31_episodes") == (Decimal("1203"), "")

    suppressed = children_in_need(tmp_path, wberks_2025="c")
    out, _ = run("import_ees", suppressed)
    assert "updated: 2" in out  # Hertfordshire back to 5848; West Berkshire suppressed
    assert figure(area_code="E06000037", measure="At31_episodes") == (None, "c")


def test_the_dataset_is_the_file_stem_unless_named(tmp_path):
    path = children_in_need(tmp_path, name="b1_children_in_need.csv")

    run("import_ees", path)
    run("import_ees", path, dataset="children-in-need")

    assert Observation.objects.filter(dataset="b1_children_in_need").count() == 10
    assert Observation.objects.filter(dataset="children-in-need").count() == 10


def test_a_text_column_is_a_filter_that_keeps_observations_apart(tmp_path):
    path = write(
        tmp_path,
        "cla.csv",
        [
            "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
            "region_name,old_la_code,la_name,new_la_code,population_type,characteristic,"
            "children_count,rate_per_10000",
            f"2025,Reporting year,Local authority,{ENGLAND},{EAST},919,Hertfordshire,E10000015,"
            "Children looked after on 31 March each year,Total,1030,40",
            f"2025,Reporting year,Local authority,{ENGLAND},{EAST},919,Hertfordshire,E10000015,"
            "Children starting to be looked after each year,Total,420,z",
            f"2025,Reporting year,Local authority,{ENGLAND},{EAST},919,Hertfordshire,E10000015,"
            "Children looked after on 31 March each year,Male,560,x",
        ],
    )

    out, _ = run("import_ees", path)

    assert "2 measures, filters: population_type, characteristic" in out
    assert Observation.objects.filter(measure="children_count").count() == 3
    keys = set(Observation.objects.values_list("filter_key", flat=True))
    assert keys == {
        "characteristic=Total|population_type=Children looked after on 31 March each year",
        "characteristic=Total|population_type=Children starting to be looked after each year",
        "characteristic=Male|population_type=Children looked after on 31 March each year",
    }
    male = Observation.objects.get(measure="children_count", filters__characteristic="Male")
    assert male.value == Decimal("560")


def test_the_same_area_period_and_filters_twice_is_an_error(tmp_path):
    path = write(
        tmp_path,
        "twice.csv",
        [
            HEADER,
            f"2025,Reporting year,Local authority,{HERTS},{CIN},5848,313",
            f"2025,Reporting year,Local authority,{HERTS},{CIN},5849,313",
        ],
    )

    _, err, _ = run_failing("import_ees", path)

    assert f"{path} line 3: the same area, period and filters as line 2 (E10000015 2025)" in err
    assert Observation.objects.count() == 0


def test_areas_appear_and_vanish_across_years(tmp_path):
    """Northamptonshire (E10000021) until 2020, then North and West Northamptonshire."""
    rows = [HEADER]
    for year in (2019, 2020):
        rows.append(
            f"{year},Reporting year,Local authority,{ENGLAND},E12000004,East Midlands,928,"
            f"E10000021,Northamptonshire,{CIN},{3000 + year - 2019},c"
        )
    for year in (2021, 2022):
        rows.append(
            f"{year},Reporting year,Local authority,{ENGLAND},E12000004,East Midlands,940,"
            f"E06000061,North Northamptonshire,{CIN},{1400 + year - 2021},c"
        )
        rows.append(
            f"{year},Reporting year,Local authority,{ENGLAND},E12000004,East Midlands,941,"
            f"E06000062,West Northamptonshire,{CIN},{1600 + year - 2021},c"
        )
    rows.append(
        f"2022,Reporting year,Local authority,{ENGLAND},E13000002,Outer London,314 / 318,"
        f"E09000021 / E09000027,Kingston upon Thames / Richmond upon Thames,{CIN},700,c"
    )
    path = write(tmp_path, "reorganised.csv", rows)

    out, _ = run("import_ees", path)
    again, _ = run("import_ees", path)

    assert "observations created: 14" in out
    assert "unchanged: 14" in again
    periods = {
        code: sorted(
            Observation.objects.filter(area_code=code, measure="At31_episodes").values_list(
                "period", flat=True
            )
        )
        for code in ("E10000021", "E06000061", "E06000062")
    }
    assert periods == {
        "E10000021": ["2019", "2020"],
        "E06000061": ["2021", "2022"],
        "E06000062": ["2021", "2022"],
    }
    joint = Observation.objects.get(measure="At31_episodes", area_code="E09000021 / E09000027")
    assert joint.dfe_number is None  # a joint return has no single DfE number


def test_the_service_reports_problems_without_writing(tmp_path):
    path = write(
        tmp_path,
        "values.csv",
        [HEADER, f"2025,Reporting year,National,{ENGLAND},,,,,,{CIN},123456789012345,1"],
    )

    report = import_ees_file(path=path, dataset="values")

    assert not report.ok
    assert report.problems == [(2, 'At31_episodes "123456789012345" is too large to store')]
    assert report.created == 0
    assert Observation.objects.count() == 0


def test_reading_classifies_columns_and_counts_rows():
    parsed = read_ees(
        [
            "time_period,time_identifier,geographic_level,country_code,country_name,"
            "lad_code,lad_name,age_group,count,percent\n",
            "2025,Reporting year,National,E92000001,England,,,0 to 17,10,c\n",
            "2025,Reporting year,Local authority district,E92000001,England,E07000095,"
            "Broxbourne,0 to 17,1,2.50\n",
            "\n",
            "2025,Reporting year,Ward,E92000001,England,,,0 to 17,1,x\n",
        ]
    )

    assert parsed.ok, parsed.problems
    assert parsed.measures == ["count", "percent"]
    assert parsed.filters == ["age_group"]  # lad_code and lad_name are geography, not filters
    assert parsed.rows_read == 3
    assert dict(parsed.skipped_levels) == {"Local authority district": 1, "Ward": 1}
    assert [(o.measure, o.value, o.symbol) for o in parsed.observations] == [
        ("count", Decimal("10.000000"), ""),
        ("percent", None, "c"),
    ]


# Exporting ----------------------------------------------------------------------------------


def test_export_csv_is_ordered_by_area_then_period(tmp_path):
    run("import_ees", children_in_need(tmp_path))

    out, _ = run("export_observations", dataset="cin", measure="At31_episodes")

    assert out == (
        "period,area_code,area_name,value,symbol\n"
        "2025,E06000037,West Berkshire,,x\n"
        "2024,E10000015,Hertfordshire,5437,\n"
        "2025,E10000015,Hertfordshire,5848,\n"
        "2025,E12000006,East of England,40000,\n"
        "2025,E92000001,England,402400,\n"
    )


def test_export_one_area_as_json(tmp_path):
    run("import_ees", children_in_need(tmp_path))

    out, _ = run(
        "export_observations",
        dataset="cin",
        measure="At31_episodes",
        area="E10000015",
        format="json",
    )
    suppressed, _ = run(
        "export_observations", dataset="cin", measure="awaiting_assessment", format="json"
    )

    assert json.loads(out) == [
        {
            "period": "2024",
            "area_code": "E10000015",
            "area_name": "Hertfordshire",
            "value": 5437,
            "symbol": None,
        },
        {
            "period": "2025",
            "area_code": "E10000015",
            "area_name": "Hertfordshire",
            "value": 5848,
            "symbol": None,
        },
    ]
    assert json.loads(suppressed)[0] == {
        "period": "2025",
        "area_code": "E06000037",
        "area_name": "West Berkshire",
        "value": None,
        "symbol": "c",
    }


def test_export_prints_plain_numbers(tmp_path):
    path = write(
        tmp_path,
        "rates.csv",
        [
            "time_period,time_identifier,geographic_level,country_code,country_name,rate",
            f"2021,Reporting year,National,{ENGLAND},22.60",
            f"2022,Reporting year,National,{ENGLAND},0",
            f"2023,Reporting year,National,{ENGLAND},-1.5",
            f"2024,Reporting year,National,{ENGLAND},0.0000004",
            f"2025,Reporting year,National,{ENGLAND},1234567.25",
        ],
    )
    run("import_ees", path)

    out, _ = run("export_observations", dataset="rates", measure="rate")
    data, _ = run("export_observations", dataset="rates", measure="rate", format="json")

    assert out.splitlines()[1:] == [
        "2021,E92000001,England,22.6,",
        "2022,E92000001,England,0,",
        "2023,E92000001,England,-1.5,",
        "2024,E92000001,England,0,",  # beyond six decimal places: rounded on import
        "2025,E92000001,England,1234567.25,",
    ]
    assert [row["value"] for row in json.loads(data)] == [22.6, 0, -1.5, 0, 1234567.25]


def test_export_needs_a_filter_when_the_measure_has_several_combinations(tmp_path):
    path = write(
        tmp_path,
        "cla.csv",
        [
            "time_period,time_identifier,geographic_level,country_code,country_name,"
            "population_type,children_count",
            f"2025,Reporting year,National,{ENGLAND},Looked after on 31 March,81770",
            f"2025,Reporting year,National,{ENGLAND},Starting to be looked after,30000",
        ],
    )
    run("import_ees", path)

    _, _, error = run_failing("export_observations", dataset="cla", measure="children_count")
    out, _ = run(
        "export_observations",
        dataset="cla",
        measure="children_count",
        filter=["population_type=Looked after on 31 March"],
    )

    assert error.returncode == 1
    assert str(error) == (
        "children_count has 2 combinations of filter values; choose one with --filter "
        "column=value:\n"
        "  population_type=Looked after on 31 March\n"
        "  population_type=Starting to be looked after"
    )
    assert out == ("period,area_code,area_name,value,symbol\n2025,E92000001,England,81770,\n")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"dataset": "nope", "measure": "At31_episodes"}, 'no dataset "nope"; datasets: cin'),
        (
            {"dataset": "cin", "measure": "nope"},
            'dataset "cin" has no measure "nope"; measures: At31_episodes, awaiting_assessment',
        ),
        (
            {"dataset": "cin", "measure": "At31_episodes", "filter": ["sex=Male"]},
            "unknown filter column sex; this measure's filter columns: category",
        ),
        (
            {"dataset": "cin", "measure": "At31_episodes", "filter": ["category"]},
            '--filter "category": expected column=value',
        ),
        (
            {"dataset": "cin", "measure": "At31_episodes", "area": "E10000016"},
            "no observations of At31_episodes for area E10000016",
        ),
    ],
)
def test_export_names_what_is_wrong(tmp_path, options, message):
    run("import_ees", children_in_need(tmp_path))

    out, _, error = run_failing("export_observations", **options)

    assert out == ""
    assert error.returncode == 1
    assert str(error) == message


def test_import_writes_in_bulk_not_a_query_per_value(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = [HEADER]
    for number in range(300):
        rows.append(
            f"2025,Reporting year,Local authority,{ENGLAND},{EAST},{number + 100},"
            f"E0{number:08d},Council {number},{CIN},{number},c"
        )
    path = write(tmp_path, "many.csv", rows)

    with CaptureQueriesContext(connection) as first:
        report = import_ees_file(path=path)
    changed = write(
        tmp_path,
        "many.csv",
        [row.removesuffix(",c") + ",x" if row.endswith(",c") else row for row in rows],
    )
    with CaptureQueriesContext(connection) as second:
        again = import_ees_file(path=changed)

    assert (report.created, again.updated, again.unchanged) == (600, 300, 300)
    # One read, then batches (SQLite allows fewer values per statement than PostgreSQL).
    assert len(first) <= 12
    assert len(second) <= 12


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", (None, "the file is empty")),
        ("\n\ntime_period\n", (1, "the first line should name the columns, and is blank")),
        (
            "time_period,time_identifier,geographic_level,country_code,country_name,category\n"
            "2025,Reporting year,National,E92000001,England,All\n",
            (1, "no measure columns: every column other than the standard ones holds text"),
        ),
        (
            "time_period,time_identifier,geographic_level,country_code,country_name,n,n,\n",
            (1, "repeated column names: n"),
        ),
    ],
)
def test_files_that_are_not_ees_layout(tmp_path, text, problem):
    path = tmp_path / "odd.csv"
    path.write_text(text, encoding="utf-8")

    report = import_ees_file(path=path)

    assert problem in report.problems
    assert Observation.objects.count() == 0


# Hostile files --------------------------------------------------------------------------------


def test_a_file_with_more_than_200_columns_is_refused_and_writes_nothing(tmp_path):
    junk = ",".join(f"junk_{n}" for n in range(1000))
    ones = ",".join("1" for _ in range(1000))
    path = write(
        tmp_path,
        "wide.csv",
        [f"{HEADER},{junk}", f"2025,Reporting year,Local authority,{HERTS},{CIN},1,2,{ones}"],
    )

    out, err, error = run_failing("import_ees", path)

    assert f"{path} line 1: 1,013 columns: an import reads at most 200" in err
    assert str(error) == "1 of 1 file not imported" and error.returncode == 1
    assert out == ""
    assert not Observation.objects.exists()


def test_200_columns_are_read(tmp_path):
    extra = 200 - len(HEADER.split(","))
    names = ",".join(f"m_{n}" for n in range(extra))
    ones = ",".join("1" for _ in range(extra))
    path = write(
        tmp_path,
        "wide.csv",
        [f"{HEADER},{names}", f"2025,Reporting year,Local authority,{HERTS},{CIN},1,2,{ones}"],
    )

    report = import_ees_file(path=path)

    assert report.ok
    assert report.created == 2 + extra


def test_the_row_cap_counts_data_rows_and_stops_reading_past_it():
    row = f"2025,Reporting year,National,{ENGLAND},,,,,,{CIN},1,2"
    at_cap = read_ees(
        [HEADER, "", *[row.replace("2025", str(2020 + n)) for n in range(3)]], max_rows=3
    )
    over = read_ees([HEADER, *[row] * 4, "not, even, read"], max_rows=3)

    assert at_cap.ok and at_cap.rows_read == 3
    assert over.problems == [(5, "more than 3 rows: an import reads at most 3, so split the file")]


def test_the_row_cap_is_500000_by_default():
    assert services.max_import_rows() == 500_000
    assert read_ees.__kwdefaults__ == {"max_rows": 500_000}


@override_settings(STATISTICS_IMPORT_MAX_ROWS=2)
def test_a_file_over_the_row_cap_is_refused_by_the_command(tmp_path):
    path = children_in_need(tmp_path)

    _, err, error = run_failing("import_ees", path)

    assert f"{path} line 4: more than 2 rows: an import reads at most 2, so split the file" in err
    assert error.returncode == 1
    assert not Observation.objects.exists()


def many_rows(measure_cells: list[str]) -> list[str]:
    """A Local authority row per cell, each its own week: one measure, At31_episodes."""
    return [
        HEADER,
        *(
            f"2025,Week {n},Local authority,{HERTS},{CIN},{cell},1"
            for n, cell in enumerate(measure_cells)
        ),
    ]


def test_a_stray_word_in_a_measure_is_named_by_line_and_column_not_made_a_filter(tmp_path):
    path = write(tmp_path, "cin.csv", many_rows(["5848", "c", "abc", "12.5", "x"]))

    _, err, error = run_failing("import_ees", path)

    assert err.splitlines() == [
        f'{path} line 4: column 12 (At31_episodes): "abc" is neither a number nor a DfE symbol '
        "(c, x, z, u, k, low, : or ..)",
        f"{path}: not imported, nothing from this file was written",
    ]
    assert error.returncode == 1
    assert not Observation.objects.exists()


def test_a_few_bad_cells_in_a_large_measure_are_each_reported():
    parsed = read_ees(many_rows(["1"] * 300 + ["n/a", "1", "twelve"]))

    assert parsed.measures == ["At31_episodes", "awaiting_assessment"]
    assert [line for line, _ in parsed.problems] == [302, 304]


def test_a_column_of_mostly_text_is_still_a_filter():
    # An age filter: numbers for single years and words for the bands.
    parsed = read_ees(many_rows(["10", "11", "Under 10", "Total"]))

    assert parsed.ok
    assert parsed.filters == ["category", "At31_episodes"]
    assert parsed.measures == ["awaiting_assessment"]


def test_the_command_lists_the_first_100_problems_then_counts_the_rest(tmp_path):
    path = write(tmp_path, "cin.csv", many_rows(["1"] * 11_000 + ["bad"] * 110))

    _, err, _ = run_failing("import_ees", path)

    lines = err.splitlines()
    assert len(lines) == 102
    assert lines[-2] == f"{path}: and 10 more problems"
