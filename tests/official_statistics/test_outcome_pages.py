"""The public council outcomes pages: curated measures over time against England, the region
and the statistical neighbours' median, with rates derived and polarity respected."""

import datetime
import re
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from authorities.models import Authority
from official_statistics.choices import ImportSource, Level
from official_statistics.measures import measure_catalogue
from official_statistics.models import Observation, StatisticsImport
from official_statistics.trends import outcome_profile
from tests.authorities.factories import register_council
from tests.official_statistics.observations import (
    CLA,
    CLA_FILTERS,
    CPP,
    REREFERRALS,
    council_area,
    la,
    neighbours,
    observe,
    plans_and_rereferrals,
    population,
    save,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def herts(db):
    return register_council("E10000015", went_live=datetime.date(2014, 10, 1))


def section(response, slug: str) -> str:
    html = response.content.decode()
    start = html.index(f'id="{slug}"')
    end = html.find("<section", start)
    return html[start : end if end != -1 else None]


def test_the_page_is_public_and_derives_rates_from_the_previous_years_population(client, herts):
    plans_and_rereferrals(herts)

    response = client.get(reverse("outcomes:authority", args=["E10000015"]))

    assert response.status_code == 200
    cpp = section(response, "child-protection-plan-rate")
    # 880 / 200,000 x 10,000 = 44.0 in 2014; 400 / 200,000 x 10,000 = 20.0 in 2015.
    assert re.search(r">2014</th>\s*<td[^>]*>\s*44.0\s*</td>", cpp)
    assert re.search(r">2015</th>\s*<td[^>]*>\s*20.0\s*</td>", cpp)
    # England 42,000 / 10,000,000 = 42; the East of England 3,000 / 1,000,000 = 30.
    assert re.search(r">\s*42.0\s*</td>", cpp) and re.search(r">\s*30.0\s*</td>", cpp)
    # Neighbours: 300, 310 and 320 per 100,000 children are 30, 31 and 32: the median is 31.
    assert re.search(r">\s*31.0\s*<span class=\"govuk-body-s\">\(of 3\)</span>", cpp)
    assertContains(response, "1 October 2014")
    assertContains(response, "Open Government Licence v3.0")


def test_a_measure_without_polarity_is_never_banded_or_coloured(client, herts):
    plans_and_rereferrals(herts)

    response = client.get(reverse("outcomes:authority", args=["E10000015"]))

    cpp = section(response, "child-protection-plan-rate")
    assert "govuk-tag" not in cpp
    assert "Quartile band" not in cpp
    assert "no good or bad direction" in cpp


def test_a_measure_where_lower_is_better_gets_a_quartile_band(client, herts):
    plans_and_rereferrals(herts)

    response = client.get(reverse("outcomes:authority", args=["E10000015"]))

    rereferrals = section(response, "re-referrals")
    # 18.6 against neighbours' 20, 21 and 22: the lowest of four councils, so band A.
    assert "among the 4 councils with a figure" in rereferrals
    assert "govuk-tag--green" in rereferrals and "A (best quarter)" in rereferrals


def test_a_band_is_worked_out_afresh_when_figures_are_added(client, herts):
    plans_and_rereferrals(herts)
    client.get(reverse("outcomes:authority", args=["E10000015"]))  # every council's figures cached

    # Four councils doing better than Hertfordshire's 18.6% in its latest year.
    save([observe(REREFERRALS, la(n), 2015, "10") for n in range(900, 904)])
    response = client.get(reverse("outcomes:authority", args=["E10000015"]))

    rereferrals = section(response, "re-referrals")
    # Fifth of eight councils: the third quarter.
    assert "among the 8 councils with a figure" in rereferrals
    assert "C (third quarter)" in rereferrals


def test_a_band_is_worked_out_afresh_after_an_import_that_changes_figures(client, herts):
    plans_and_rereferrals(herts)
    client.get(reverse("outcomes:authority", args=["E10000015"]))

    # An import that only changes figures adds no observation, but records itself.
    Observation.objects.filter(measure=REREFERRALS[1], period="2015", dfe_number=800).update(
        value=Decimal("1")
    )
    StatisticsImport.objects.create(
        source=ImportSource.COMMAND, file_name="c1.csv", sha256="0" * 64, dataset=REREFERRALS[0]
    )
    response = client.get(reverse("outcomes:authority", args=["E10000015"]))

    rereferrals = section(response, "re-referrals")
    # A neighbour now does better than Hertfordshire's 18.6%: second of four councils.
    assert "B (second quarter)" in rereferrals


def test_every_councils_figures_are_read_once_per_version_of_the_statistics(client, herts):
    plans_and_rereferrals(herts)
    url = reverse("outcomes:authority", args=["E10000015"])
    client.get(url)  # the navigation is cached on the first request
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    cache.clear()
    client.get("/")  # the navigation cached again, but not the statistics
    with CaptureQueriesContext(connection) as uncached:
        client.get(url)

    def figures_read(queries) -> list[str]:
        return [
            q["sql"]
            for q in queries
            if "outcomes_observation" in q["sql"] and "MAX" not in q["sql"]
        ]

    # Uncached: the breakdowns imported, the council's series and populations, and every
    # council's figures for the bands (two reads); cached, none of them.
    assert len(figures_read(uncached)) == 5
    assert figures_read(first) == []


def test_a_suppressed_count_keeps_its_symbol_and_a_missing_population_says_so(client, herts):
    area = council_area(herts)
    save(
        [
            observe(CPP, area, 2014, "c"),
            observe(CPP, area, 2015, 400),  # no population estimate for 2014
            *population(area, {2013: 200000}),
        ]
    )

    response = client.get(reverse("outcomes:authority", args=["E10000015"]))

    cpp = section(response, "child-protection-plan-rate")
    assert '<abbr title="confidential">c</abbr>' in cpp
    assert "no population estimate for the year before" in cpp


def test_a_dataset_not_imported_is_named_not_hidden(client, herts):
    plans_and_rereferrals(herts)

    response = client.get(reverse("outcomes:authority", args=["E10000015"]))

    looked_after = section(response, "looked-after-rate")
    assert (
        "No figures yet: cla_number_and_rate_per_10k_children (children_count) has not been imported"
        in looked_after
    )


def test_the_catalogues_filters_pick_one_breakdown(herts):
    area = council_area(herts)
    save(
        [
            observe(CLA, area, 2025, 999, filters=CLA_FILTERS),
            observe(CLA, area, 2025, 424, filters={"population_type": "Children starting"}),
            *population(area, {2024: 277480}),
        ]
    )

    (trend,) = outcome_profile(herts, measure_catalogue(), only="looked-after-rate").trends

    assert trend.council["2025"].shown == "36.0"


def test_unknown_councils_and_measures_are_404(client, herts):
    plans_and_rereferrals(herts)

    assert client.get("/outcomes/E99999999/").status_code == 404
    assert client.get("/outcomes/E10000015/no-such-measure.svg").status_code == 404
    # A measure with no figures at all has no chart.
    assert client.get("/outcomes/E10000015/caseload.svg").status_code == 404


def test_the_chart_is_an_svg_with_its_own_policy(client, herts):
    plans_and_rereferrals(herts)

    response = client.get(
        reverse("outcomes:chart", args=["E10000015", "child-protection-plan-rate"])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    svg = response.content.decode()
    assert "Hertfordshire" in svg and "Statistical neighbours (median)" in svg
    assert "Went live Oct 2014" in svg


def test_the_index_lists_every_council(client, herts):
    response = client.get(reverse("outcomes:index"))

    for council in Authority.objects.all():
        assertContains(response, reverse("outcomes:authority", args=[council.ons_code]))
    assert Authority.objects.count() >= 153  # the register's
    assertContains(response, "Not recorded")


def queries_for(client, url) -> int:
    client.get(url)  # the navigation is cached on the first request
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_number_of_queries_does_not_grow_with_neighbours_or_years(client, herts):
    plans_and_rereferrals(herts, neighbour_count=2, years=(2014, 2015), model_year=2021)
    few = queries_for(client, "/outcomes/E10000015/")

    # The 2025 model's ten neighbours replace the 2021 model's two; five more years.
    plans_and_rereferrals(herts, neighbour_count=10, years=(2016, 2017, 2018, 2019, 2020))
    many = queries_for(client, "/outcomes/E10000015/")

    assert few == many


def test_the_navigation_offers_outcomes_to_everyone(client, herts):
    response = client.get("/outcomes/")

    assertContains(response, 'href="/outcomes/"')
    assertNotContains(response, 'href="/returns/"')


def test_the_outcomes_pages_are_in_the_sitemap(client, home_page, luton):
    xml = client.get("/sitemap.xml").content.decode()

    assert "/outcomes/</loc>" in xml
    assert "/outcomes/E06000032/</loc>" in xml


def test_a_council_whose_ons_code_changed_keeps_its_earlier_years(client):
    # North Yorkshire became a unitary council in 2023: DfE number 815 throughout, a new code.
    north_yorkshire = register_council("E06000065")
    before = (Level.LOCAL_AUTHORITY, "E10000023", "North Yorkshire", 815)
    after = council_area(north_yorkshire)
    save(
        [
            observe(CPP, before, 2022, 300),
            *population(before, {2021: 120000}),
            observe(CPP, after, 2025, 240),
            *population(after, {2024: 120000}),
        ]
    )

    (trend,) = outcome_profile(
        north_yorkshire, measure_catalogue(), only="child-protection-plan-rate"
    ).trends

    assert {p: f.shown for p, f in trend.council.items()} == {"2022": "25.0", "2025": "20.0"}


def test_the_neighbour_median_is_taken_before_rounding(herts):
    # Rates of 10.01 and 10.08: the exact median 10.045 shows as 10.0 (rounding each rate
    # first would give 10.0 and 10.1, and a median of 10.05 shown as 10.1).
    neighbours(herts, [801, 802])
    save(
        [
            observe(CPP, la(801), 2025, 1001),
            observe(CPP, la(802), 2025, 1008),
            *population(la(801), {2024: 1000000}),
            *population(la(802), {2024: 1000000}),
        ]
    )

    (trend,) = outcome_profile(herts, measure_catalogue(), only="child-protection-plan-rate").trends

    assert trend.neighbours["2025"].shown == "10.0"
    assert trend.neighbours_counted["2025"] == 2


def test_the_latest_neighbour_model_is_used(herts):
    neighbours(herts, [901, 902], model_year=2021)  # far from Hertfordshire's figures
    neighbours(herts, [801, 802, 803], model_year=2025)
    save(
        [observe(REREFERRALS, la(n), 2025, "90") for n in (901, 902)]
        + [observe(REREFERRALS, la(n), 2025, str(n - 780)) for n in (801, 802, 803)]
    )

    profile = outcome_profile(herts, measure_catalogue())

    rereferrals = next(t for t in profile.trends if t.measure.slug == "re-referrals")
    assert rereferrals.neighbours["2025"].shown == "22.0"  # the median of 21, 22 and 23
    assert (profile.neighbour_model_year, profile.neighbour_count) == (2025, 3)


def test_a_region_with_no_figures_is_said_so(client, herts):
    plans_and_rereferrals(herts)
    Authority.objects.filter(pk=herts.pk).update(region="London")

    response = client.get(reverse("outcomes:authority", args=["E10000015"]))

    assertContains(response, "the imported figures have no region of that name")


def test_the_page_stays_within_its_query_budget(client, herts, django_assert_max_num_queries):
    plans_and_rereferrals(herts)
    client.get("/outcomes/E10000015/")  # the navigation is cached on the first request

    with django_assert_max_num_queries(10):
        client.get("/outcomes/E10000015/")


def test_the_profile_is_worked_out_once_per_version_of_the_statistics(client, herts):
    plans_and_rereferrals(herts)
    url = "/outcomes/E10000015/"
    client.get(url)

    with CaptureQueriesContext(connection) as again:
        client.get(url)
    # The council, and the statistics' version (2 queries); the figures come from the cache.
    assert len(again) <= 3
    assert not [q for q in again if "outcomes_observation" in q["sql"] and "MAX" not in q["sql"]]

    # Figures added by an import (each row takes a new id) show at once.
    save(
        [
            observe(CPP, council_area(herts), 2016, "300"),
            *population(council_area(herts), {2015: 200000}),
        ]
    )
    cpp = section(client.get(url), "child-protection-plan-rate")
    # 300 / 200,000 x 10,000
    assert re.search(r">2016</th>\s*<td[^>]*>\s*15.0\s*</td>", cpp)


def test_the_index_costs_the_same_for_few_and_many_councils(client, herts):
    few = queries_for(client, "/outcomes/")

    Authority.objects.bulk_create(
        Authority(name=f"Council {n}", ons_code=f"E99{n:06d}", dfe_number=n, region="North West")
        for n in range(9300, 9340)
    )
    many = queries_for(client, "/outcomes/")

    assert few == many


def test_the_page_names_the_statistical_neighbours_closest_first(client, herts):
    plans_and_rereferrals(herts, neighbour_count=3)

    response = client.get(reverse("outcomes:authority", args=["E10000015"]))

    html = response.content.decode()
    assert "3 councils, from DfE's 2025 model" in html
    names = [html.index(f"<li>LA {n} (close)</li>") for n in (800, 801, 802)]
    assert names == sorted(names)
