"""The users of the load test (bench/load_test.py starts the servers and runs this file).

LOAD_TEST_HOSTS names the app servers, comma-separated; every user sends each request to the
next server in turn, so a signed-in session moves between them at every step. Every request
carries the Host the load balancer in front of them would pass on, LOAD_TEST_SITE_HOST.
LOAD_TEST_PLAN is the JSON file load_test.py wrote: the members' logins and drafts, the
reviewer's cohort.

Request names say what is judged: "save ..." against the save target, "sign in" not at all,
everything else against the read target. Every request is also written to LOAD_TEST_SAMPLES
(when it finished, its name, milliseconds, whether it failed), from which load_test.py picks the
requests begun in the minute after the last sign-in, which it judges.
"""

import csv
import itertools
import json
import os
import random
import re
import time
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

HOSTS = os.environ["LOAD_TEST_HOSTS"].split(",")
SITE_HOST = os.environ["LOAD_TEST_SITE_HOST"]
PLAN = json.loads(open(os.environ["LOAD_TEST_PLAN"]).read())  # noqa: SIM115
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
member_numbers = itertools.count()
rng = random.Random()  # noqa: S311 (choosing pages and answers, not secrets)
samples: list[tuple[float, str, float, bool]] = []


@events.request.add_listener
def record(name, response_time, exception, **kwargs):
    samples.append((time.time(), name, response_time, exception is not None))


@events.quitting.add_listener
def write_samples(**kwargs):
    with open(os.environ["LOAD_TEST_SAMPLES"], "w", newline="") as handle:
        csv.writer(handle).writerows(samples)


class KitUser(HttpUser):
    abstract = True
    host = HOSTS[0]
    wait_time = between(1, 4)

    def on_start(self):
        self.servers = itertools.cycle(rng.sample(HOSTS, len(HOSTS)))
        self.client.headers["Host"] = SITE_HOST

    def url(self, path: str) -> str:
        """``path`` on the next server."""
        # The servers mark their cookies Secure; the HTTPS proxy in front of them would carry
        # them, so they are sent back over plain HTTP here.
        for cookie in self.client.cookies:
            cookie.secure = False
        return next(self.servers) + path

    def sign_in(self, username: str) -> None:
        form = self.client.get(self.url("/accounts/login/"), name="sign in (form)")
        token = CSRF.search(form.text).group(1)
        with self.client.post(
            self.url("/accounts/login/"),
            data={"csrfmiddlewaretoken": token, "username": username, "password": PLAN["password"]},
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{username} was not signed in ({response.status_code})")


class Reader(KitUser):
    """An anonymous visitor reading the published pages."""

    weight = 5

    def on_start(self):
        super().on_start()
        sitemap = self.client.get(self.url("/sitemap.xml"), name="read: sitemap")
        self.paths = [urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", sitemap.text)]
        self.paths = self.paths or ["/"]

    @task(3)
    def home(self):
        self.client.get(self.url("/"), name="read: home page")

    @task(7)
    def page(self):
        self.client.get(self.url(rng.choice(self.paths)), name="read: a published page")


class Member(KitUser):
    """A council member opening a section of their draft, saving it and reading it back, each
    step on the other server from the last."""

    weight = 3

    def on_start(self):
        super().on_start()
        members = PLAN["members"]
        self.member = members[next(member_numbers) % len(members)]
        self.saves = 0
        self.sign_in(self.member["username"])

    @property
    def section(self) -> str:
        return f"/assessments/{self.member['assessment']}/sections/{self.member['step']}/"

    @task
    def save_a_section(self):
        step = self.member["step"]
        with self.client.get(
            self.url(self.section), name="read: member opens a section", catch_response=True
        ) as opened:
            revision = re.search(rf'name="{step}-revision" value="(\d+)"', opened.text)
            indicators = sorted(set(re.findall(rf'name="{step}-([\w-]+)-level"', opened.text)))
            if opened.status_code != 200 or revision is None or not indicators:
                opened.failure(f"no section form: {opened.status_code} at {opened.url}")
                return
        self.saves += 1
        note = f"Load test save {self.saves} by {self.member['username']}"
        data = {
            "csrfmiddlewaretoken": CSRF.search(opened.text).group(1),
            f"assessment_{self.member['assessment']}-current_step": step,
            f"{step}-revision": revision.group(1),
        }
        for slug in indicators:
            data[f"{step}-{slug}-level"] = rng.choice(["0", "1", "2"])
            data[f"{step}-{slug}-note"] = note
        with self.client.post(
            self.url(self.section),
            data=data,
            name="save: member saves the section",
            allow_redirects=False,
            catch_response=True,
        ) as saved:
            if saved.status_code != 302 or "/accounts/login/" in saved.headers.get("Location", ""):
                saved.failure(f"not saved: {saved.status_code} {saved.headers.get('Location')}")
                return
        with self.client.get(
            self.url(self.section),
            name="read: member reads save on other server",
            catch_response=True,
        ) as read_back:
            if note not in read_back.text:
                read_back.failure("the saved section was not there on the other server")


class Reviewer(KitUser):
    """A reviewer opening the cohort overview, its charts and its exports."""

    weight = 2

    def on_start(self):
        super().on_start()
        self.cohort = PLAN["reviewer"]["cohort"]
        self.sign_in(PLAN["reviewer"]["username"])

    def get(self, path: str, name: str):
        with self.client.get(self.url(path), name=name, catch_response=True) as response:
            if response.status_code != 200 or "/accounts/login/" in response.url:
                response.failure(f"{response.status_code} at {response.url}")

    @task(4)
    def overview(self):
        self.get(f"/review/{self.cohort}/", "read: reviewer opens the cohort overview")
        self.get(f"/review/{self.cohort}/charts/heatmap.svg", "read: reviewer's overview chart")

    @task(1)
    def export_overview(self):
        self.get(
            f"/review/{self.cohort}/export/overview.csv", "read: reviewer exports overview CSV"
        )

    @task(1)
    def export_answers(self):
        self.get(f"/review/{self.cohort}/export/answers.csv", "read: reviewer exports answers CSV")
        # The Excel file is made by the task worker: the reviewer opens the page that asks for it.
        self.get(
            f"/review/{self.cohort}/export/answers-excel/",
            "read: reviewer's answers Excel page",
        )
