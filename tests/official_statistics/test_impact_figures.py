"""The impact page's official figures: Hertfordshire's child protection plan rate before and
since adoption, worked out from the imported statistics, with source and licence."""

import io
import re

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.blocks.struct_block import StructBlockValidationError

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from official_statistics.blocks import OfficialTrendBlock
from tests.official_statistics.observations import CPP, ENGLAND, observe, population, save

pytestmark = pytest.mark.django_db

HERTS = ("local-authority", "E10000015", "Hertfordshire", 919)


def test_the_impact_page_shows_the_series_not_one_change(client, loaded_content):
    save(
        [
            observe(CPP, HERTS, 2013, 610),
            observe(CPP, HERTS, 2014, 1200),
            observe(CPP, HERTS, 2017, 560),
            observe(CPP, HERTS, 2025, 600),
            observe(CPP, ENGLAND, 2025, 49420),
            *population(HERTS, {2012: 270000, 2013: 271000, 2016: 275000, 2024: 277480}),
            *population(ENGLAND, {2024: 12183016}),
        ]
    )

    response = client.get("/impact/")

    # 600 / 277,480 x 10,000 = 21.62 -> 21.6; 1,200 / 271,000 = 44.28 -> 44.3;
    # 610 / 270,000 = 22.59 -> 22.6.
    assertContains(response, '<p class="app-key-figure__number">21.6</p>', html=True)
    assertContains(
        response,
        "in 2025. It was 44.3 in 2014, the last year before the council adopted Family "
        "Safeguarding in 2014/15, and 22.6 in 2013, the earliest year imported.",
    )
    assertNotContains(response, "a fall of")
    assertContains(response, '2014 <span class="govuk-body-s">(last year before adoption)</span>')
    assertContains(response, "Contains public sector information licensed under the")
    assertContains(response, "Open Government Licence v3.0")
    assertContains(response, "Characteristics of children in need")
    # Every year, with England where DfE has it (2025: 49,420 / 12,183,016 = 40.6).
    assertContains(response, "40.6")


def test_the_series_is_read_once_per_version_of_the_statistics(client, loaded_content):
    save(
        [
            observe(CPP, HERTS, 2014, 1200),
            observe(CPP, HERTS, 2025, 600),
            *population(HERTS, {2013: 271000, 2024: 277480}),
        ]
    )
    assertContains(client.get("/impact/"), '<p class="app-key-figure__number">21.6</p>', html=True)

    with CaptureQueriesContext(connection) as again:
        client.get("/impact/")
    assert not [q for q in again if "outcomes_observation" in q["sql"] and "MAX" not in q["sql"]]

    # An import's figures (new rows, new ids) show at once: 650 / 277,480 x 10,000 = 23.4.
    save([observe(CPP, HERTS, 2026, 650), *population(HERTS, {2025: 277480})])
    assertContains(client.get("/impact/"), '<p class="app-key-figure__number">23.4</p>', html=True)


def test_on_the_real_figures_the_impact_page_shows_every_year_from_2013(
    client, loaded_content, dfe_data_dir
):
    call_command(
        "import_ees",
        dfe_data_dir / "d5_cpps_at31march_by_duration_2013_to_2025.csv",
        dfe_data_dir / "ons_mid-year_population_estimates_2012_to_2024.csv",
        stdout=io.StringIO(),
    )

    html = client.get("/impact/").content.decode()

    assert (
        "in 2025. It was 44.2 in 2014, the last year before the council adopted Family "
        "Safeguarding in 2014/15, and 22.6 in 2013, the earliest year imported."
    ) in html
    table = html.split("in every year imported", 1)[1].split("</table>", 1)[0]
    years = re.findall(r'<th scope="row" class="govuk-table__header">(\d{4})', table)
    assert years == [str(year) for year in range(2013, 2026)]


def test_before_the_figures_are_imported_the_page_says_so(client, loaded_content):
    response = client.get("/impact/")

    assert response.status_code == 200
    assertContains(response, "have not been imported into this site yet")
    assertNotContains(response, "the last year before the council adopted")


def test_a_missing_before_year_is_explained(client, loaded_content):
    save([observe(CPP, HERTS, 2025, 600), *population(HERTS, {2024: 277480})])

    response = client.get("/impact/")

    assertContains(
        response,
        "have no children on a child protection plan at 31 march for Hertfordshire in 2014",
    )


def test_the_block_accepts_only_catalogue_measures():
    block = OfficialTrendBlock()
    value = block.to_python(
        {
            "measure": "not-a-measure",
            "area_code": "E10000015",
            "before": "2014",
            "adopted": "2014/15",
        }
    )

    with pytest.raises(StructBlockValidationError):
        block.clean(value)
    good = block.to_python(
        {
            "measure": "child-protection-plan-rate",
            "area_code": "E10000015",
            "before": "2014",
            "adopted": "2014/15",
        }
    )
    assert block.clean(good)["measure"] == "child-protection-plan-rate"


def test_a_measure_taken_out_of_the_catalogue_is_explained_not_an_error():
    block = OfficialTrendBlock()
    value = block.to_python(
        {
            "measure": "retired-measure",
            "area_code": "E10000015",
            "before": "2014",
            "adopted": "2014/15",
        }
    )

    html = block.render(value)

    assert "no longer in the catalogue of official measures" in html


def test_nothing_since_adoption_shows_no_headline(client, loaded_content):
    save([observe(CPP, HERTS, 2014, 1200), *population(HERTS, {2013: 271000})])

    response = client.get("/impact/")

    assertNotContains(response, 'app-key-figure__number">44.3')
    assertContains(response, "since 2014, so the years since adoption cannot be set against it")
