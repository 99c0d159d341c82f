"""The two navigation bars: the published kit's sections for everyone, and the signed-in
service's own links ("Your work"), which differ by role."""

import datetime
from html.parser import HTMLParser

from django.apps import apps
from django.contrib.auth.models import Group

import pytest

from authorities.choices import MembershipRole
from tests.authorities.factories import UserFactory, member
from tests.cohorts.factories import CohortFactory
from tests.pages import assert_no_template_syntax

pytestmark = pytest.mark.django_db

KIT_BAR = "navigation"  # the id of each bar's list
SERVICE_BAR = "work-navigation"
KIT = [
    ("The model", "/the-model/"),
    ("Roles", "/roles/"),
    ("Family stories", "/stories/"),
    ("Resources", "/resources/"),
    ("Impact and evidence", "/impact/"),
    ("Outcomes", "/outcomes/"),
    ("Search", "/search/"),
]
SIGN_OUT = ("Sign out", "POST /accounts/logout/")
HOME = ("Your home", "/home/")
ACCOUNT = ("Your account", "/account/")


class _Bars(HTMLParser):
    """Each navigation list's entries by the list's id: (text, href or "POST action"), with
    each link's aria-current; and each list's and menu button's hidden attribute."""

    def __init__(self):
        super().__init__()
        self.bars: dict[str, list[tuple[str, str]]] = {}
        self.current: dict[str, str] = {}
        self.hidden: dict[str, bool] = {}
        self.toggles: dict[str, dict] = {}
        self._bar = self._entry = self._form = None
        self._text: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "button" and "govuk-js-service-navigation-toggle" in attrs.get("class", ""):
            self.toggles[attrs["aria-controls"]] = attrs
        if tag == "ul" and attrs.get("id") in (KIT_BAR, SERVICE_BAR):
            self._bar, self._depth = attrs["id"], 0
            self.bars[self._bar] = []
            self.hidden[self._bar] = "hidden" in attrs
        if self._bar is None:
            return
        if tag == "ul":
            self._depth += 1
        if tag == "form":
            self._form = f"POST {attrs['action']}"
        if tag == "a" or (tag == "button" and self._form):
            self._entry = attrs.get("href") or self._form
            self._text = []
            if attrs.get("aria-current"):
                self.current[self._entry] = attrs["aria-current"]

    def handle_endtag(self, tag):
        if self._bar is None:
            return
        if tag in ("a", "button") and self._entry:
            text = " ".join("".join(self._text).split())
            self.bars[self._bar].append((text, self._entry))
            self._entry = None
        if tag == "form":
            self._form = None
        if tag == "ul":
            self._depth -= 1
            if self._depth == 0:
                self._bar = None

    def handle_data(self, data):
        if self._entry:
            self._text.append(data)


def bars(client, path: str) -> _Bars:
    response = client.get(path)
    assert response.status_code == 200, path
    assert_no_template_syntax(response)
    parser = _Bars()
    parser.feed(response.content.decode())
    return parser


def paths(entries):
    """The links without the "Sign in" link's return address."""
    return [(text, href.split("?")[0]) for text, href in entries]


def test_anonymous_visitors_see_the_kit_and_a_way_to_sign_in(client, loaded_content):
    found = bars(client, "/roles/")

    assert found.bars[KIT_BAR] == KIT
    assert found.bars[SERVICE_BAR] == [
        ("Self-assessment", "/assessments/"),
        ("Sign in", "/accounts/login/?next=/roles/"),
    ]
    assert found.current == {"/roles/": "page"}


def test_a_council_lead_sees_the_kit_and_their_work(client, loaded_content, luton):
    client.force_login(member("lead", luton, MembershipRole.LEAD))

    found = bars(client, "/milestones/")

    assert found.bars[KIT_BAR] == KIT
    assert found.bars[SERVICE_BAR] == [
        HOME,
        ("Self-assessment", "/assessments/"),
        ("Milestones", "/milestones/"),
        ("Local returns", "/returns/"),
        ACCOUNT,
        ("Sign out (lead)", SIGN_OUT[1]),
    ]
    assert found.current == {"/milestones/": "page"}
    # Below a link's own page, it is marked as the current section rather than the page.
    assert bars(client, f"/milestones/{luton.pk}/").current == {"/milestones/": "true"}


def test_a_reviewer_who_manages_statistics_sees_review_returns_and_the_upload(
    client, loaded_content, luton
):
    reviewer = UserFactory(username="reviewer")
    reviewer.groups.add(Group.objects.get(name="Statistics managers"))
    cohort = CohortFactory(
        start_date=datetime.date(2017, 4, 1), councils=[luton], reviewers=[reviewer]
    )
    client.force_login(reviewer)

    found = bars(client, f"/review/{cohort.pk}/")

    assert found.bars[KIT_BAR] == KIT
    assert found.bars[SERVICE_BAR] == [
        HOME,
        ("Self-assessment", "/assessments/"),
        ("Review", "/review/"),
        ("Local returns", "/returns/"),
        ("Upload statistics", "/statistics/upload/"),
        ACCOUNT,
        ("Sign out (reviewer)", SIGN_OUT[1]),
    ]
    assert found.current == {"/review/": "true"}
    assert bars(client, "/statistics/upload/").current == {"/statistics/upload/": "page"}


def test_a_reviewer_without_the_import_permission_has_no_upload_link(client, loaded_content, luton):
    reviewer = UserFactory(username="reviewer")
    CohortFactory(councils=[luton], reviewers=[reviewer])
    client.force_login(reviewer)

    found = bars(client, "/review/")

    assert ("Review", "/review/") in found.bars[SERVICE_BAR]
    assert ("Upload statistics", "/statistics/upload/") not in found.bars[SERVICE_BAR]


@pytest.mark.parametrize(
    ("superuser", "expected"),
    [
        (
            False,
            [
                HOME,
                ("Self-assessment", "/assessments/"),
                ACCOUNT,
                ("Sign out (someone)", SIGN_OUT[1]),
            ],
        ),
        (
            True,
            [
                HOME,
                ("Self-assessment", "/assessments/"),
                ("Upload statistics", "/statistics/upload/"),
                ACCOUNT,
                ("Sign out (someone)", SIGN_OUT[1]),
            ],
        ),
    ],
    ids=["no council or cohort", "superuser"],
)
def test_signed_in_people_without_a_role_see_only_what_they_may_use(
    client, loaded_content, superuser, expected
):
    client.force_login(UserFactory(username="someone", is_superuser=superuser))

    found = bars(client, "/outcomes/")

    assert found.bars[KIT_BAR] == KIT
    assert found.bars[SERVICE_BAR] == expected
    assert found.current == {"/outcomes/": "page"}


def test_both_bars_work_without_javascript_and_collapse_on_a_phone_with_it(client, loaded_content):
    """Without JavaScript the lists show and the menu buttons stay hidden; GOV.UK Frontend's
    service navigation shows each button, named apart, and hides its list on a phone."""
    found = bars(client, "/")

    assert found.hidden == {KIT_BAR: False, SERVICE_BAR: False}
    assert set(found.toggles) == {KIT_BAR, SERVICE_BAR}
    assert all("hidden" in toggle for toggle in found.toggles.values())
    assert found.toggles[SERVICE_BAR]["aria-label"] == "Councils and reviewers menu"


def test_a_link_an_app_offers_goes_in_the_service_bar_unless_it_belongs_with_the_kit(
    client, loaded_content, monkeypatch
):
    """The hook a later app uses for "Home" and "Your account": no area means the service bar."""
    config = apps.get_app_config("cohorts")
    offered = config.navigation_links
    monkeypatch.setattr(
        config,
        "navigation_links",
        lambda request: [
            *offered(request),
            {"title": "Your account", "path": "/account/"},
            {"title": "Glossary", "path": "/glossary/", "area": "kit"},
        ],
    )

    found = bars(client, "/")

    assert ("Your account", "/account/") in found.bars[SERVICE_BAR]
    assert ("Glossary", "/glossary/") in found.bars[KIT_BAR]
    assert ("Your account", "/account/") not in found.bars[KIT_BAR]
    assert paths(found.bars[SERVICE_BAR])[-1] == ("Sign in", "/accounts/login/")
