"""Official figures written straight to the database, in the shape import_ees gives them, for
the outcomes pages' tests (the importer has its own tests)."""

from decimal import Decimal

from official_statistics.choices import Level
from official_statistics.models import Observation, StatisticalNeighbour

POPULATION = ("ons_mid-year_population_estimates_2012_to_2024", "population_estimate")
POPULATION_FILTERS = {"age_group": "Children aged 0 to 17 years"}
CIN = ("b1_children_in_need_2013_to_2025", "At31_episodes")
CPP = ("d5_cpps_at31march_by_duration_2013_to_2025", "CPP_At31")
CLA = ("cla_number_and_rate_per_10k_children", "children_count")
CLA_FILTERS = {"population_type": "Children looked after on 31 March each year"}
REREFERRALS = ("c1_children_in_need_referrals_and_rereferrals_2013_to_2025", "rereferral_percent")

ENGLAND = (Level.NATIONAL, "E92000001", "England", None)
EAST = (Level.REGIONAL, "E12000006", "East of England", None)
SOUTH_EAST = (Level.REGIONAL, "E12000008", "South East", None)


def council_area(authority) -> tuple:
    return (Level.LOCAL_AUTHORITY, authority.ons_code, authority.name, authority.dfe_number)


def la(number: int, name: str | None = None) -> tuple:
    """A council that exists only in the statistics, known by its DfE number."""
    return (Level.LOCAL_AUTHORITY, f"E08{number:06d}", name or f"LA {number}", number)


def observe(source, area, period, figure, *, filters=None) -> Observation:
    """figure: a number, or a DfE symbol such as "c"."""
    dataset, column = source
    level, code, name, dfe_number = area
    filters = filters or {}
    is_symbol = isinstance(figure, str) and not figure.replace(".", "").isdigit()
    return Observation(
        dataset=dataset,
        measure=column,
        filters=filters,
        filter_key="|".join(f"{k}={v}" for k, v in filters.items()),
        level=level,
        area_code=code,
        dfe_number=dfe_number,
        area_name=name,
        period=str(period),
        time_identifier="Reporting year",
        value=None if is_symbol else Decimal(str(figure)),
        symbol=figure if is_symbol else "",
    )


def save(observations) -> None:
    Observation.objects.bulk_create(observations)


def population(area, values: dict[int, int]) -> list[Observation]:
    return [
        observe(POPULATION, area, year, value, filters=POPULATION_FILTERS)
        for year, value in values.items()
    ]


def neighbours(authority, numbers: list[int], *, model_year: int = 2025) -> None:
    StatisticalNeighbour.objects.bulk_create(
        StatisticalNeighbour(
            model_year=model_year,
            dfe_number=authority.dfe_number,
            area_name=authority.name,
            rank=rank,
            neighbour_dfe_number=number,
            neighbour_name=f"LA {number}",
            closeness="Close",
        )
        for rank, number in enumerate(numbers, start=1)
    )


def plans_and_rereferrals(herts, *, neighbour_count: int = 3, years=(2014, 2015), model_year=2025):
    """Child protection plans and re-referrals for Hertfordshire, England, the East of England
    and ``neighbour_count`` neighbours, with the populations the rates need: plans are 44.0 per
    10,000 children in the first year and 20.0 after, against 42.0 in England and 30.0 in the
    region; re-referrals are 18.6%, below every neighbour's (20%, 21%, ...)."""
    area = council_area(herts)
    numbers = [800 + n for n in range(neighbour_count)]
    neighbours(herts, numbers, model_year=model_year)
    rows = []
    for year in years:
        rows += population(area, {year - 1: 200000})
        rows += population(ENGLAND, {year - 1: 10000000})
        rows += population(EAST, {year - 1: 1000000})
        rows += [
            observe(CPP, area, year, 880 if year == years[0] else 400),
            observe(CPP, ENGLAND, year, 42000),
            observe(CPP, EAST, year, 3000),
            observe(REREFERRALS, area, year, "18.6"),
            observe(REREFERRALS, ENGLAND, year, "23.5"),
        ]
        for index, number in enumerate(numbers):
            rows += population(la(number), {year - 1: 100000})
            rows.append(observe(CPP, la(number), year, 300 + 10 * index))
            rows.append(observe(REREFERRALS, la(number), year, str(20 + index)))
    save(rows)
