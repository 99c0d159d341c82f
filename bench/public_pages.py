"""Benchmark of the public pages under gunicorn, against a bare Django view of the same size.

Run it from the repository root (or through ``make bench``)::

    .venv/bin/python bench/public_pages.py            # report only, exit status 0
    .venv/bin/python bench/public_pages.py --check    # exit status 1 if a target is missed
    .venv/bin/python bench/public_pages.py --quick    # 1-second rounds: checks the script runs

It builds a throwaway site (SQLite in a temporary folder, or a fresh PostgreSQL database named
after DATABASE_URL's with ``_bench_pages`` added), loads content/ and, outside --quick, the DfE
files in DFE_DATA_DIR, then serves it with gunicorn (2 workers, on loopback) under the
production settings (bench/public_pages_settings.py, which adds the bare view: it is never in
the product's URLs). With redis-server on the PATH, a Redis of its own on loopback is the
cache, as in production; otherwise each worker's local memory.

Each page is measured with wrk (1 thread, 4 connections), in rounds alternating with the bare
view returning a body of the page's size: three rounds of 8 seconds, and the median of the
three ratios (page's requests per second / bare view's). Twice: with the page cache warm, and
with it off (PAGE_CACHE_SECONDS=0), every request rendering the page as a first visitor
after a change would.

Targets (issue 15): the cached public pages at least 0.70 of the bare view; every public page
with the cache cold at least 0.05. In --quick mode nothing is judged.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from common import REPO_ROOT, Row, add_run_options, report

BENCH_DIR = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
CACHED_TARGET = 0.70
COLD_TARGET = 0.05
WORKERS = 2
WIDTHS = (52, 46, 14, 14)  # label, figures, size, target
HERTS_OUTCOMES = "/outcomes/E10000015/"


@dataclass(frozen=True)
class Plan:
    rounds: int
    seconds: int
    statistics: bool  # import the DfE files (the outcomes pages then have figures)

    @classmethod
    def full(cls) -> Plan:
        return cls(rounds=3, seconds=8, statistics=True)

    @classmethod
    def quick(cls) -> Plan:
        return cls(rounds=1, seconds=1, statistics=False)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_run_options(parser, quick_help="one 1-second round per page: checks the script runs")
    return parser.parse_args(argv)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The site under test ------------------------------------------------------------------------


@contextmanager
def database(workdir: Path) -> Iterator[tuple[str, str]]:
    """A DATABASE_URL of the run's own, and a description of it."""
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith("postgres"):
        yield f"sqlite:///{workdir / 'bench.sqlite3'}", "SQLite"
        return
    import psycopg

    server, name = given.rsplit("/", 1)
    name = f"{name or 'postgres'}_bench_pages"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        version = admin.info.server_version
    try:
        yield f"{server}/{name}", f"PostgreSQL {version // 10000}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def redis() -> Iterator[str | None]:
    """The URL of a Redis of the run's own, or None (no redis-server here)."""
    binary = shutil.which("redis-server")
    if binary is None:
        yield None
        return
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 (arguments of our own)
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def environment(workdir: Path, database_url: str, redis_url: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "public_pages_settings",
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT / "site"), str(BENCH_DIR)]),
        "DJANGO_SECRET_KEY": "bench-only-" + os.urandom(16).hex(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "ALLOW_SQLITE_IN_PRODUCTION": "1",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
        "BENCH_STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private-media"),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603 (arguments of our own)
        [sys.executable, str(REPO_ROOT / "manage.py"), *args],
        env=env,
        cwd=REPO_ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


@contextmanager
def gunicorn(env: dict[str, str], *, page_cache_seconds: int) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 (arguments of our own)
        [
            str(VENV_BIN / "gunicorn"),
            "config.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        env={**env, "PAGE_CACHE_SECONDS": str(page_cache_seconds)},
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(f"{base}/bench-bare/1/")
                break
            except (OSError, urllib.error.URLError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def fetch(url: str) -> tuple[bytes, dict[str, str]]:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback only)
        if response.status != 200:
            raise SystemExit(f"GET {url} answered {response.status}")
        return response.read(), dict(response.headers)


# Measuring ----------------------------------------------------------------------------------


def wrk(url: str, seconds: int) -> float:
    """Requests per second, with every response a 200."""
    result = subprocess.run(  # noqa: S603 (arguments of our own)
        [shutil.which("wrk") or "wrk", "-t1", "-c4", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    )
    if "Non-2xx or 3xx responses" in result.stdout or "Socket errors" in result.stdout:
        raise SystemExit(f"wrk saw errors for {url}:\n{result.stdout}")
    found = re.search(r"Requests/sec:\s*([\d.]+)", result.stdout)
    if found is None:
        raise SystemExit(f"no Requests/sec from wrk for {url}:\n{result.stdout}")
    return float(found.group(1))


@dataclass(frozen=True)
class Measure:
    path: str
    size: int
    page_rps: list[float]
    bare_rps: list[float]

    @property
    def ratio(self) -> float:
        pairs = zip(self.page_rps, self.bare_rps, strict=True)
        return statistics.median(page / bare if bare else 0.0 for page, bare in pairs)


def measure(base: str, path: str, plan: Plan, *, expect_hit: bool) -> Measure:
    body, _ = fetch(base + path)  # the first request of all fills the cache, if on
    _, headers = fetch(base + path)
    if expect_hit != (headers.get("X-Page-Cache") == "hit"):
        state = "not served from" if expect_hit else "served from"
        raise SystemExit(f"{path} was {state} the page cache")
    bare = f"{base}/bench-bare/{len(body)}/"
    page_rps, bare_rps = [], []
    for _ in range(plan.rounds):
        for url, results in ((base + path, page_rps), (bare, bare_rps)):
            # wrk leaves requests it gave up on queued at the workers: wait for them first.
            fetch(f"{base}/bench-bare/1/")
            results.append(wrk(url, plan.seconds))
    return Measure(path, len(body), page_rps, bare_rps)


def sitemap_paths(base: str) -> list[str]:
    body, _ = fetch(base + "/sitemap.xml")
    return [
        re.sub(r"^https?://[^/]+", "", loc)
        for loc in re.findall(r"<loc>([^<]+)</loc>", body.decode())
    ]


def pages_to_measure(base: str) -> tuple[list[str], list[str]]:
    """The pages the issue names (cached), and one of each kind of public page (cold)."""
    paths = sitemap_paths(base)

    def first(prefix: str, *, deeper: bool = True) -> str:
        for path in paths:
            if path.startswith(prefix) and (path != prefix or not deeper):
                return path
        raise SystemExit(f"no page under {prefix} in the sitemap")

    element = first("/the-model/")
    named = ["/", "/the-model/", element, "/resources/", "/impact/", HERTS_OUTCOMES]
    kinds = [
        first("/roles/"),
        first("/stories/"),
        first("/resources/"),
        "/about/",
        "/methodology/",
        "/outcomes/",
    ]
    return named, named + [path for path in kinds if path in paths and path not in named]


def quick_selection(paths: list[str]) -> list[str]:
    """--quick: the home page and a council's outcomes page, enough to see the script work."""
    return [path for path in paths if path in ("/", HERTS_OUTCOMES)]


def rows_for(measures: list[Measure], *, kind: str, target: float, judged: bool) -> list[Row]:
    rows = []
    for m in measures:
        figures = (
            f"ratio {m.ratio:5.3f}  page {statistics.median(m.page_rps):7.0f}/s "
            f"bare {statistics.median(m.bare_rps):6.0f}/s"
        )
        rows.append(
            Row(
                f"{kind} {m.path}",
                figures,
                f">= {target:.2f} of bare" if judged else "",
                (m.ratio >= target) if judged else None,
                more=(f"{m.size / 1024:.1f} KiB",),
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = Plan.quick() if args.quick else Plan.full()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="fs-kit-bench-pages-"))
    notes = []
    try:
        with database(workdir) as (database_url, database_name), redis() as redis_url:
            env = environment(workdir, database_url, redis_url)
            manage(env, "migrate", "--noinput")
            manage(env, "load_content")
            data_dir = Path(os.environ.get("DFE_DATA_DIR", REPO_ROOT.parent / "shared/data/dfe"))
            if plan.statistics and data_dir.is_dir():
                manage(env, "import_statistics_folder")
            else:
                notes.append("no DfE statistics imported: the outcomes pages have no figures")
            manage(env, "collectstatic", "--noinput", "--verbosity", "0")
            with gunicorn(env, page_cache_seconds=24 * 60 * 60) as base:
                cached_paths, cold_paths = pages_to_measure(base)
                if args.quick:
                    cached_paths, cold_paths = map(quick_selection, (cached_paths, cold_paths))
                cached = [measure(base, path, plan, expect_hit=True) for path in cached_paths]
            with gunicorn(env, page_cache_seconds=0) as base:
                cold = [measure(base, path, plan, expect_hit=False) for path in cold_paths]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    judged = not args.quick
    rows = rows_for(cached, kind="cached", target=CACHED_TARGET, judged=judged)
    rows += rows_for(cold, kind="cold", target=COLD_TARGET, judged=judged)
    cache = "Redis" if redis_url else "local memory per worker"
    print(
        f"public pages benchmark ({database_name}, {cache}, gunicorn {WORKERS} workers, "
        f"{os.cpu_count()} cores)"
    )
    print(
        f"wrk 1 thread 4 connections, {plan.rounds} round{'s' if plan.rounds != 1 else ''} of "
        f"{plan.seconds} s per page and per bare view; ratio = median of page/bare"
        f"{', quick mode: not a measurement' if args.quick else ''}"
    )
    for note in notes:
        print(f"note: {note}")
    return report(rows, WIDTHS, started, check=args.check)


if __name__ == "__main__":
    sys.exit(main())
