"""The eight real DfE files (Open Government Licence), imported from settings.DFE_DATA_DIR.

They are kept beside the repository (../shared/data/dfe/), never in it: where that folder is
absent these tests are skipped, saying so. The figures checked are those its README gives.
Importing all eight takes seconds (bench/import_bench.py times it), so the folder is imported once
for the module, as an operator's install does, and rolled back after its last test.
"""

import io
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

import pytest

from authorities.models import Authority
from official_statistics.choices import Level
from official_statistics.measures import measure_catalogue
from official_statistics.models import Observation, StatisticalNeighbour
from official_statistics.trends import outcome_profile
from tests.authorities.factories import register_council

pytestmark = pytest.mark.django_db

NEIGHBOUR_FILES = ["New_Statistical_Neighbour_Groupings_April_2021.csv", "sn_model_2025_wide.csv"]
EES_FILES = [
    "b1_children_in_need_2013_to_2025.csv",
    "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
    "cla_number_and_rate_per_10k_children.csv",
    "csww_indicators_2017_to_2025.csv",
    "d5_cpps_at31march_by_duration_2013_to_2025.csv",
    "ons_mid-year_population_estimates_2012_to_2024.csv",
]
HERTFORDSHIRE = "E10000015"


def run(command: str, *args, **options) -> str:
    out = io.StringIO()
    call_command(command, *map(str, args), stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def folder_import(module_transaction, django_db_blocker) -> str:
    """What import_statistics_folder printed importing the real files into the loaded content,
    shared by this module's tests (rolled back after them)."""
    folder = Path(settings.DFE_DATA_DIR)
    if not folder.is_dir():
        pytest.skip(f"the real DfE files are not here: no folder {folder} (set DFE_DATA_DIR)")
    with django_db_blocker.unblock():
        return run("import_statistics_folder", folder)


def test_all_eight_files_import_with_the_readme_figures(folder_import, dfe_data_dir):
    for name in EES_FILES:
        assert f"{dfe_data_dir / name}: dataset {Path(name).stem}" in folder_import
    assert "rows read: 2132, rows skipped: 0" in folder_import
    assert "observations created: 17056, updated: 0, unchanged: 0" in folder_import  # b1
    assert "2025 model" in folder_import and "2021 model" in folder_import

    # Hertfordshire's children in need at 31 March (README): 5848 in 2025, 5437 in 2024.
    at31 = Observation.objects.filter(
        dataset="b1_children_in_need_2013_to_2025", measure="At31_episodes", area_code=HERTFORDSHIRE
    )
    values = dict(at31.values_list("period", "value"))
    assert values["2025"] == Decimal("5848")
    assert values["2024"] == Decimal("5437")
    herts_2025 = at31.get(period="2025")
    assert herts_2025.dfe_number == 919
    assert herts_2025.area_name == "Hertfordshire"
    assert herts_2025.filters == {"category": "Children in Need"}
    assert at31.count() == 13  # 2013 to 2025

    # Symbols are kept with no number, e.g. "low" in the workforce file.
    low = Observation.objects.filter(dataset="csww_indicators_2017_to_2025", symbol="low")
    assert low.exists()
    assert not low.filter(value__isnull=False).exists()
    # A filter column: children looked after has three population types per area and year.
    cla = Observation.objects.filter(
        dataset="cla_number_and_rate_per_10k_children",
        measure="children_count",
        area_code=HERTFORDSHIRE,
        period="2025",
    )
    assert cla.count() == 3

    # Hertfordshire's ten statistical neighbours in the 2025 model, closest first.
    herts = StatisticalNeighbour.objects.filter(model_year=2025, dfe_number=919)
    assert herts.count() == 10
    assert list(herts.values_list("rank", flat=True)) == list(range(1, 11))
    first = herts.get(rank=1)
    assert (first.neighbour_dfe_number, first.closeness) == (931, "Very close")
    assert first.neighbour_name == "Oxfordshire"
    assert StatisticalNeighbour.objects.filter(model_year=2021, dfe_number=919).count() == 10
    assert not StatisticalNeighbour.objects.filter(neighbour_name="").exists()

    # Derived rates per 10,000 (count / previous mid-year population aged 0-17).
    herts_council = register_council(HERTFORDSHIRE)
    trends = {t.measure.slug: t for t in outcome_profile(herts_council, measure_catalogue()).trends}
    assert trends["children-in-need-rate"].council["2025"].shown == "210.8"
    cpp = trends["child-protection-plan-rate"]
    assert (cpp.council["2014"].shown, cpp.council["2025"].shown) == ("44.2", "22.1")
    # DfE's own looked-after rate for 2025 is 36 (whole numbers) from the same population.
    looked_after = trends["looked-after-rate"]
    assert looked_after.council["2025"].shown == "36.0"
    assert looked_after.england["2025"].shown == "67.1"  # DfE: 67
    assert cpp.neighbours_counted["2025"] == 10
    assert trends["second-or-subsequent-plans"].unavailable  # d3 is not among the eight files
    assert trends["re-referrals"].band in {"A", "B", "C", "D"}
    assert trends["child-protection-plan-rate"].band is None  # no direction: never banded

    # The export prints the same figures.
    csv_out = run(
        "export_observations",
        dataset="b1_children_in_need_2013_to_2025",
        measure="At31_episodes",
        area=HERTFORDSHIRE,
    )
    assert csv_out.splitlines()[0] == "period,area_code,area_name,value,symbol"
    assert csv_out.splitlines()[-2:] == [
        "2024,E10000015,Hertfordshire,5437,",
        "2025,E10000015,Hertfordshire,5848,",
    ]
    with pytest.raises(CommandError, match="3 combinations of filter values"):
        run(
            "export_observations",
            dataset="cla_number_and_rate_per_10k_children",
            measure="children_count",
        )


def test_real_files_imported_twice_change_nothing(folder_import, dfe_data_dir):
    # Each importer's own command, over what the folder's import wrote.
    out = run("import_ees", dfe_data_dir / "b1_children_in_need_2013_to_2025.csv")
    neighbours_out = run(
        "import_statistical_neighbours", *(dfe_data_dir / n for n in NEIGHBOUR_FILES)
    )

    assert "observations created: 0, updated: 0, unchanged: 17056" in out
    assert "nothing changed" in out
    assert "2025 model" in neighbours_out and "2021 model" in neighbours_out


# Councils whose pages most depend on the register: the reference, a code changed under the
# same DfE number, one of a split, one made of others, and the smallest.
TELLING_COUNCILS = ("E10000015", "E06000065", "E06000064", "E06000058", "E09000001")


def test_a_fresh_install_has_an_outcomes_page_with_figures_for_every_council(client, folder_import):
    # As an operator's install has it: the content (with the council register) loaded, DfE's
    # files imported by the folder's import, no demo data.

    # Every council of the register has figures in every file of local figures: its own, or
    # joint ones where DfE publishes them so (the workforce of councils sharing a children's
    # trust, such as Kingston and Richmond)...
    number_of = dict(Authority.objects.values_list("ons_code", "dfe_number"))
    local = Observation.objects.filter(level=Level.LOCAL_AUTHORITY, value__isnull=False)
    for dataset in local.order_by().values_list("dataset", flat=True).distinct():
        rows = local.filter(dataset=dataset).order_by()
        own = set(rows.values_list("dfe_number", flat=True))
        joint = {
            number_of.get(code.strip())
            for area in rows.filter(area_code__contains="/").values_list("area_code", flat=True)
            for code in area.split("/")
        }
        assert set(number_of.values()) <= own | joint, (dataset, set(number_of.values()) - own)
    # ...and its page lists them under the council, as these telling ones show.
    assert client.get(reverse("outcomes:index")).status_code == 200
    for code in TELLING_COUNCILS:
        page = client.get(reverse("outcomes:authority", args=[code]))
        assert page.status_code == 200, code
        imported = [t for t in page.context["profile"].trends if not t.unavailable]
        assert imported and all(trend.council for trend in imported), code
