"""Benchmark of the reviewer workspace at national scale: the cohort overview, charts and exports.

Run it from the repository root (or through ``make bench``)::

    .venv/bin/python bench/cohort_bench.py            # report only, exit status 0
    .venv/bin/python bench/cohort_bench.py --check    # exit status 1 if a target is missed
    .venv/bin/python bench/cohort_bench.py --quick    # 20 councils, 3 requests: checks the script runs

It seeds one cohort of the 153 councils of the register (content/councils/register.yaml,
loaded with the content; made-up councils make up any shortfall), each with a 16-milestone plan
and six submitted rounds of all 50 indicators (45,900 answers), with bulk inserts. As bench/fidelity_bench.py does, it uses
config.settings.test (a throwaway in-memory SQLite database and the local-memory cache) unless
DJANGO_SETTINGS_MODULE says otherwise; DATABASE_URL=postgres://... benchmarks PostgreSQL instead
(a test database, test_<name>, is created and dropped, as the test runner does).

Times are measured around django.test.Client requests by a signed-in reviewer (the API with a
reviewer's Bearer token), so they include the middleware stack and rendering but no network or
WSGI server. Query counts come from one more, untimed request of each kind.

Target (from the issue): the cohort overview, its charts cached, in under 300 ms median.
Every other row is informational.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from common import (
    Row,
    add_run_options,
    describe_environment,
    load_pages_and_framework,
    ms_figures,
    report,
    setup_django,
    temporary_databases,
    time_calls,
)

OVERVIEW_TARGET_MS = 300.0
ROUNDS = (0, 6, 12, 18, 24, 36)
REGIONS = (
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)
NAME_STARTS = (
    "Ash", "Bar", "Black", "Brad", "Bram", "Brook", "Burn", "Cam", "Chester", "Clay", "Cold",
    "Dun", "East", "Elm", "Fair", "Gold", "Great", "Green", "Hal", "Hart", "Hol", "Kings",
    "Lang", "Lich", "Marl", "Mill", "New", "North", "Oak", "Red", "Rother", "Sal", "Shel",
    "South", "Stan", "Stock", "Thorn", "Wake", "West", "Whit", "Wick", "Wind", "Wolver", "York",
)  # fmt: skip
NAME_ENDS = (
    "bury", "by", "caster", "chester", "field", "ford", "gate", "ham", "hampton", "ley",
    "minster", "mouth", "port", "shire", "stead", "ton", "wich", "wood", "worth",
)  # fmt: skip
EVIDENCE_NOTES = (
    "Seen in the team meeting notes and the supervision audit for the quarter.",
    "Case file audit of 20 families; the workbook was used in 16 of them.",
    "Confirmed at the multi-agency board; minutes attached to the board pack.",
    "Partly in place: two of the three teams do this every week, the third monthly.",
    "Training records show attendance; observation of practice is still to be arranged.",
    "Not yet in place: recruitment is under way and the post is advertised.",
    "Described in the practice standards; the quality assurance report tracks it monthly.",
    "Group supervision recordings reviewed by the practice lead in two teams.",
)


@dataclass(frozen=True)
class Sizes:
    councils: int
    rounds: int
    page: int
    svg_cached: int
    uncached: int
    export: int
    big_export: int
    api: int

    @classmethod
    def full(cls) -> Sizes:
        return cls(
            councils=153,
            rounds=6,
            page=30,
            svg_cached=20,
            uncached=5,
            export=10,
            big_export=3,
            api=10,
        )

    @classmethod
    def quick(cls) -> Sizes:
        return cls(
            councils=20, rounds=2, page=3, svg_cached=3, uncached=3, export=3, big_export=3, api=3
        )


WIDTHS = (41, 42, 10, 11, 18)  # label, figures, queries, size, target
HEADER = Row("", "server time", more=("queries", "size"))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_run_options(
        parser, quick_help="20 councils, 2 rounds, 3 requests a row: checks the script, not speed"
    )
    parser.add_argument("--seed", type=int, default=2024, help="seed of the generated data")
    return parser.parse_args(argv)


# Data ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchData:
    cohort: object
    reviewer: object
    token: str
    councils: int
    assessments: int
    answers: int
    entries: int
    seconds: float
    notes: list[str]


def council_identities(count: int, rng: random.Random) -> list[dict]:
    """``count`` made-up councils: generated names, codes outside the register's (no real ONS
    code starts E99, no DfE number is over 999)."""
    names: set[str] = set()
    while len(names) < count:
        names.add(rng.choice(NAME_STARTS) + rng.choice(NAME_ENDS))
    return [
        {
            "name": f"{name} Council",
            "ons_code": f"E99{number:06d}",
            "dfe_number": 9000 + number,
            "region": rng.choice(REGIONS),
        }
        for number, name in enumerate(sorted(names), start=1)
    ]


def add_months(day: datetime.date, months: float) -> datetime.date:
    return day + datetime.timedelta(days=round(months * 30.44))


def setup_data(sizes: Sizes, seed: int) -> BenchData:
    """The real framework, pages and milestone template; the cohort, its reviewer and councils."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from authorities.models import Authority
    from cohorts.choices import MilestoneStatus
    from cohorts.milestone_file import MILESTONE_FILE, read_milestones, save_milestones
    from cohorts.models import Cohort, Milestone, MilestoneEntry
    from cohorts.services import create_reviewer_token
    from fidelity.choices import AssessmentStatus
    from fidelity.models import Answer, Assessment, FrameworkVersion
    from fidelity.scoring import result_as_dict, score
    from fidelity.selectors import current_framework

    notes = load_pages_and_framework()
    specs, problems = read_milestones(settings.CONTENT_DIR / MILESTONE_FILE)
    if problems:
        raise SystemExit("cannot read the milestone template: " + "; ".join(problems))
    save_milestones(specs)

    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 (seeded test data, not a secret)
    today = timezone.localdate()
    now = timezone.now()
    framework = FrameworkVersion.objects.get(is_current=True)
    spec = current_framework().spec
    indicator_ids = dict(framework.indicators.values_list("slug", "pk"))
    indicators = [indicator for _, indicator in spec.indicators()]
    milestones = list(Milestone.objects.order_by("sort_order"))
    rounds = ROUNDS[: sizes.rounds]
    # The programme started long enough ago for every round to have been submitted.
    start = add_months(today, -(max(rounds) + 4))

    councils = list(Authority.objects.order_by("name")[: sizes.councils])  # the register's
    councils += Authority.objects.bulk_create(
        Authority(**identity)
        for identity in council_identities(sizes.councils - len(councils), rng)
    )
    reviewer = get_user_model().objects.create_user(
        username="bench-reviewer", first_name="Bench", last_name="Reviewer"
    )  # no usable password: the client signs in with force_login
    cohort = Cohort.objects.create(
        name="Family Safeguarding national roll-out",
        programme="Strengthening Families, Protecting Children",
        start_date=start,
    )
    cohort.councils.set(councils)
    cohort.reviewers.add(reviewer)
    _, token = create_reviewer_token(user=reviewer, name="benchmark")

    # Milestone plans: early milestones mostly done; targets stretched per council, so some
    # lie ahead and some have passed with the milestone not done (late).
    entries = []
    for council in councils:
        pace = rng.uniform(0.9, 2.2)  # months taken per month of Hertfordshire's roll-out
        drive = rng.uniform(0.4, 1.0)
        for order, milestone in enumerate(milestones):
            target = add_months(start, milestone.typical_month * pace + rng.uniform(0, 2))
            chance = drive * (1 - order / (len(milestones) + 4))
            if target < today and rng.random() < chance:
                actual = min(today, add_months(target, rng.uniform(-1, 3)))
                status, actual_date = MilestoneStatus.DONE, max(actual, start)
            else:
                status = rng.choice(
                    [MilestoneStatus.NOT_STARTED, MilestoneStatus.ON_TRACK, MilestoneStatus.AT_RISK]
                )
                actual_date = None
            entries.append(
                MilestoneEntry(
                    authority=council,
                    milestone=milestone,
                    target_date=target,
                    actual_date=actual_date,
                    status=status,
                    note="" if rng.random() < 0.7 else "Discussed at the last board meeting.",
                    updated_by=None,
                )
            )
    MilestoneEntry.objects.bulk_create(entries, batch_size=1000)

    # Assessments: each council starts somewhere and improves from round to round; the
    # "not applicable" answers a council gives stay the same across its rounds.
    assessments, levels_of = [], []
    for council in councils:
        ability = rng.uniform(0.15, 0.6)
        growth = rng.uniform(0.02, 0.1)
        not_applicable = {i.slug for i in indicators if i.allows_na and rng.random() < 0.15}
        baseline_on = add_months(start, rng.uniform(0.5, 2))
        for number, round_ in enumerate(rounds):
            answers = {}
            for indicator in indicators:
                if indicator.slug in not_applicable:
                    answers[indicator.slug] = "na"
                    continue
                value = ability + growth * number + rng.gauss(0, 0.25)
                answers[indicator.slug] = 0 if value < 0.3 else 1 if value < 0.65 else 2
            submitted_at = min(
                now - datetime.timedelta(days=1),
                datetime.datetime.combine(
                    add_months(baseline_on, round_ + rng.uniform(0, 1)),
                    datetime.time(10, rng.randrange(60)),
                    tzinfo=datetime.UTC,
                ),
            )
            latest = number == len(rounds) - 1
            assessments.append(
                Assessment(
                    authority=council,
                    framework=framework,
                    round=round_,
                    status=AssessmentStatus.SUBMITTED
                    if latest and rng.random() < 0.7
                    else AssessmentStatus.VALIDATED,
                    current_section="check-answers",
                    teams=rng.randint(3, 10),
                    domestic_abuse_posts_funded=4,
                    domestic_abuse_posts_filled=rng.randint(1, 4),
                    substance_misuse_posts_funded=3,
                    substance_misuse_posts_filled=rng.randint(1, 3),
                    mental_health_posts_funded=2,
                    mental_health_posts_filled=rng.randint(0, 2),
                    mi_trained_percent=min(100, int(40 + 10 * number + rng.uniform(0, 20))),
                    workbook_live=number > 0,
                    workbook_live_on=add_months(start, 6) if number > 0 else None,
                    submitted_at=submitted_at,
                    scores=result_as_dict(score(spec, answers)),
                )
            )
            levels_of.append(answers)
    assessments = Assessment.objects.bulk_create(assessments, batch_size=500)

    answers = [
        Answer(
            assessment_id=assessment.pk,
            indicator_id=indicator_ids[indicator.slug],
            level=str(levels[indicator.slug]),
            evidence_note=f"{indicator.title}: {rng.choice(EVIDENCE_NOTES)}",
        )
        for assessment, levels in zip(assessments, levels_of, strict=True)
        for indicator in indicators
    ]
    Answer.objects.bulk_create(answers, batch_size=2000)

    return BenchData(
        cohort=cohort,
        reviewer=reviewer,
        token=token,
        councils=len(councils),
        assessments=len(assessments),
        answers=len(answers),
        entries=len(entries),
        seconds=time.perf_counter() - started,
        notes=notes,
    )


# Measurements -------------------------------------------------------------------------------


def bench_requests(data: BenchData, sizes: Sizes) -> list[Row]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    reviewer = Client()
    reviewer.force_login(data.reviewer)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {data.token}")
    pk = {"cohort_pk": data.cohort.pk}
    overview = reverse("review:overview", kwargs=pk)
    heatmap = reverse("review:heatmap_chart", kwargs=pk)
    rounds = reverse("review:rounds_chart", kwargs=pk)
    milestones = reverse("review:milestones_chart", kwargs=pk)
    overview_csv = reverse("review_exports:overview_csv", kwargs=pk)
    overview_xlsx = reverse("review_exports:overview_xlsx", kwargs=pk)
    answers_csv = reverse("review_exports:answers_csv", kwargs=pk)
    answers_xlsx = reverse("review_exports:answers_xlsx", kwargs=pk)
    assessments_api = reverse("api:cohort-assessments", kwargs={"pk": data.cohort.pk})

    sizes_of: dict[tuple[Client, str], int] = {}

    def get(client: Client, url: str) -> Callable[[], None]:
        def request() -> None:
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"GET {url} answered {response.status_code}, not 200")
            body = b"".join(response) if response.streaming else response.content
            sizes_of[(client, url)] = len(body)

        return request

    def queries(client: Client, url: str, before: Callable[[], object] | None = None) -> str:
        if before is not None:
            before()
        with CaptureQueriesContext(connection) as captured:
            get(client, url)()
        return str(len(captured))

    def size(client: Client, url: str) -> str:
        kib = sizes_of[(client, url)] / 1024
        return f"{kib / 1024:.1f} MiB" if kib >= 1024 else f"{kib:.0f} KiB"

    # Warm up once: imports (matplotlib, openpyxl, DRF), templates, the navigation and charts.
    urls = [overview, f"{overview}?round=12", f"{overview}?sort=overall&order=desc"]
    urls += [heatmap, rounds, milestones, overview_csv, overview_xlsx, answers_csv, answers_xlsx]
    for url in urls:
        get(reviewer, url)()
    get(api, assessments_api)()
    check_responses(data, reviewer, api, overview, [heatmap, rounds, milestones])
    check_exports(data, reviewer, answers_csv, assessments_api, api)

    def timed(
        label: str,
        client: Client,
        url: str,
        repeats: int,
        before: Callable[[], object] | None = None,
        target_ms: float | None = None,
    ) -> Row:
        samples = time_calls(get(client, url), repeats, before=before)
        more = (queries(client, url, before), size(client, url))
        if target_ms is None:
            return Row(label, ms_figures(samples), more=more)
        median_ms = statistics.median(samples) * 1000
        return Row(
            label,
            ms_figures(samples),
            f"target < {target_ms:g} ms",
            median_ms < target_ms,
            more=more,
        )

    def warm_charts() -> None:
        for url in (heatmap, rounds, milestones):
            get(reviewer, url)()

    warm_charts()
    rows = [
        timed(
            "overview, charts cached",
            reviewer,
            overview,
            sizes.page,
            target_ms=OVERVIEW_TARGET_MS,
        ),
        timed("overview ?round=12", reviewer, f"{overview}?round=12", sizes.page),
        timed(
            "overview ?sort=overall&order=desc",
            reviewer,
            f"{overview}?sort=overall&order=desc",
            sizes.page,
        ),
        timed("overview, cache cleared", reviewer, overview, sizes.uncached, before=cache.clear),
    ]
    warm_charts()
    for label, url in (("heatmap", heatmap), ("rounds", rounds), ("milestones", milestones)):
        rows.append(timed(f"{label} chart SVG, cached", reviewer, url, sizes.svg_cached))
    for label, url in (("heatmap", heatmap), ("rounds", rounds), ("milestones", milestones)):
        rows.append(
            timed(
                f"{label} chart SVG, uncached (render)",
                reviewer,
                url,
                sizes.uncached,
                before=cache.clear,
            )
        )
    rows += [
        timed("overview CSV export", reviewer, overview_csv, sizes.export),
        timed("overview XLSX export", reviewer, overview_xlsx, sizes.export),
        timed(
            f"answers CSV export ({data.answers:,} rows)", reviewer, answers_csv, sizes.big_export
        ),
        timed(
            f"answers XLSX export ({data.answers:,} rows)", reviewer, answers_xlsx, sizes.big_export
        ),
        timed("API cohort assessments (token)", api, assessments_api, sizes.api),
    ]
    return rows


def check_responses(data: BenchData, reviewer, api, overview: str, charts: list[str]) -> None:
    """The pages measured show what they should: every council and every chart."""
    from authorities.models import Authority

    page = reviewer.get(overview).content.decode()
    names = Authority.objects.filter(cohorts=data.cohort).values_list("name", flat=True)
    missing = [name for name in names if name not in page]
    if missing or any(url not in page for url in charts):
        raise SystemExit(
            f"the overview does not show {len(missing)} councils or a chart: {missing[:3]}"
        )


def check_exports(data: BenchData, reviewer, answers_csv: str, assessments_api: str, api) -> None:
    """The answers export holds every answer and the API every assessment."""
    lines = reviewer.get(answers_csv).content.decode("utf-8-sig").count("\n")
    if lines != data.answers + 1:  # evidence notes hold no line breaks
        raise SystemExit(f"the answers CSV has {lines} lines, not {data.answers + 1}")
    listed = len(json.loads(api.get(assessments_api).content))
    if listed != data.assessments:
        raise SystemExit(f"the API lists {listed} assessments, not {data.assessments}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = Sizes.quick() if args.quick else Sizes.full()
    setup_django()

    from django.conf import settings

    started = time.perf_counter()
    with temporary_databases():
        data = setup_data(sizes, args.seed)
        rows = bench_requests(data, sizes)
        environment = describe_environment()

    cache_backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(f"cohort benchmark ({environment})")
    print(
        f"settings {os.environ['DJANGO_SETTINGS_MODULE']}, cache {cache_backend}, "
        f"seed {args.seed}{', quick mode: not a measurement' if args.quick else ''}"
    )
    print(
        f"seeded {data.councils} councils, {data.assessments:,} submitted assessments "
        f"({sizes.rounds} rounds each), {data.answers:,} answers, {data.entries:,} milestone "
        f"entries in {data.seconds:.1f} s (bulk inserts, scoring included)"
    )
    for note in data.notes:
        print(f"note: {note}")
    return report([HEADER, *rows], WIDTHS, started, check=args.check)


if __name__ == "__main__":
    sys.exit(main())
