"""The impact page's official figures: Hertfordshire's child protection plan rate before and
since adoption, worked out from the imported statistics, with source and licence."""

from wagtail.blocks.struct_block import StructBlockValidationError

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from official_statistics.blocks import OfficialTrendBlock
from tests.official_statistics.observations import CPP, ENGLAND, observe, population, save

pytestmark = pytest.mark.django_db

HERTS = ("local-authority", "E10000015", "Hertfordshire", 919)


def test_the_impact_page_shows_the_rate_before_and_since_adoption(client, loaded_content):
    save(
        [
            observe(CPP, HERTS, 2014, 1200),
            observe(CPP, HERTS, 2017, 560),
            observe(CPP, HERTS, 2025, 600),
            observe(CPP, ENGLAND, 2025, 49420),
            *population(HERTS, {2013: 271000, 2016: 275000, 2024: 277480}),
            *population(ENGLAND, {2024: 12183016}),
        ]
    )

    response = client.get("/impact/")

    # 1,200 / 271,000 x 10,000 = 44.28 -> 44.3; 600 / 277,480 x 10,000 = 21.62 -> 21.6.
    assertContains(response, "44.3 to 21.6")
    assertContains(response, "a fall of 51.2%")  # (21.6 - 44.3) / 44.3 = -51.24%
    assertContains(
        response, "2014, the last year before the council adopted Family Safeguarding in 2014/15"
    )
    assertContains(response, "Contains public sector information licensed under the")
    assertContains(response, "Open Government Licence v3.0")
    assertContains(response, "Characteristics of children in need")
    # Every year, with England where DfE has it (2025: 49,420 / 12,183,016 = 40.6).
    assertContains(response, "40.6")


def test_before_the_figures_are_imported_the_page_says_so(client, loaded_content):
    response = client.get("/impact/")

    assert response.status_code == 200
    assertContains(response, "have not been imported into this site yet")
    assertNotContains(response, "a fall of")


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


def test_nothing_since_adoption_shows_no_change(client, loaded_content):
    save([observe(CPP, HERTS, 2014, 1200), *population(HERTS, {2013: 271000})])

    response = client.get("/impact/")

    assertNotContains(response, "a rise of")
    assertContains(response, "since 2014, so the change since adoption cannot be shown")
