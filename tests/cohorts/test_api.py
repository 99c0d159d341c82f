"""The reviewers' read-only API and the token pages: tokens, scope, schema, and every export and
API endpoint for each role."""

import datetime
import importlib
import json

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest
import yaml
from pytest_django.asserts import assertContains, assertNotContains

from cohorts.exports import start_answers_export
from cohorts.models import ReviewerToken
from cohorts.services import create_reviewer_token, revoke_reviewer_token
from core.dates import govuk_date
from tests.cohorts.factories import add_council, leftover_token
from tests.pages import assert_not_cached

pytestmark = pytest.mark.django_db


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def api(name: str, cohort=None) -> str:
    return reverse(f"api:{name}", kwargs={"pk": cohort.pk} if cohort else None)


@pytest.fixture
def key(api_world) -> str:
    return create_reviewer_token(user=api_world.reviewer, name="Report script")[1]


# Tokens -----------------------------------------------------------------------------------


def test_a_token_is_stored_as_a_hash_and_reads_the_reviewers_cohorts(client, api_world):
    token, key = create_reviewer_token(user=api_world.reviewer, name="  Report script ")
    assert token.name == "Report script"
    assert token.prefix == key[:8]
    assert token.key_hash == ReviewerToken.hash_key(key) != key
    response = client.get(api("cohort-list"), **bearer(key))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    (cohort,) = response.json()
    assert cohort == {
        "id": api_world.cohort.pk,
        "name": "Innovation Programme 2017",
        "programme": "Children's Social Care Innovation Programme",
        "start_date": "2017-04-01",
        "councils": [
            {
                "id": api_world.luton.pk,
                "name": "Luton",
                "ons_code": "E06000032",
                "dfe_number": 821,
                "region": "East of England",
            },
            {
                "id": api_world.west_berkshire.pk,
                "name": "West Berkshire",
                "ons_code": "E06000037",
                "dfe_number": 869,
                "region": "South East",
            },
        ],
    }


def test_last_used_is_written_at_most_once_a_minute(client, api_world, key):
    token = ReviewerToken.objects.get()
    assert token.last_used_at is None
    client.get(api("cohort-list"), **bearer(key))
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    with CaptureQueriesContext(connection) as queries:
        client.get(api("cohort-list"), **bearer(key))
    assert not any(q["sql"].startswith("UPDATE") for q in queries)
    ReviewerToken.objects.update(last_used_at=first_use - datetime.timedelta(minutes=2))
    client.get(api("cohort-list"), **bearer(key))
    token.refresh_from_db()
    assert token.last_used_at > first_use - datetime.timedelta(seconds=1)


def test_a_revoked_token_gets_401_and_nothing_else(client, api_world, key):
    token = ReviewerToken.objects.get()
    revoke_reviewer_token(user=api_world.reviewer, token_id=token.pk)
    for name, cohort in [("cohort-list", None), ("cohort-assessments", api_world.cohort)]:
        response = client.get(api(name, cohort), **bearer(key))
        assert response.status_code == 401
        assert response.json() == {"detail": "This token has been revoked."}
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_another_users_token_cannot_be_revoked(api_world, key):
    token = ReviewerToken.objects.get()
    with pytest.raises(ReviewerToken.DoesNotExist):
        revoke_reviewer_token(user=api_world.elsewhere_reviewer, token_id=token.pk)
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_AUTHORIZATION": "Bearer not-a-real-token"},
        {"HTTP_AUTHORIZATION": "Bearer"},
        {"HTTP_AUTHORIZATION": "Bearer two parts"},
    ],
)
def test_a_wrong_token_gets_401(client, api_world, key, header):
    response = client.get(api("cohort-list"), **header)
    assert response.status_code == 401
    assert list(response.json()) == ["detail"]


def test_no_token_gets_401_even_when_signed_in(client, api_world):
    assert client.get(api("cohort-list")).status_code == 401
    client.force_login(api_world.reviewer)  # no session authentication on the API
    response = client.get(api("cohort-list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_council_users_cannot_have_a_token(api_world):
    with pytest.raises(PermissionDenied):
        create_reviewer_token(user=api_world.wb_lead, name="Sneaky")
    with pytest.raises(PermissionDenied):
        create_reviewer_token(user=api_world.no_cohort_reviewer, name="Nothing to read")
    assert not ReviewerToken.objects.exists()


def test_a_token_of_a_user_with_no_cohort_gets_403(client, api_world):
    response = client.get(api("cohort-list"), **bearer(leftover_token(api_world.wb_lead)))
    assert response.status_code == 403
    assert response.json() == {"detail": "Only reviewers of a cohort can use this API."}


# Scope ------------------------------------------------------------------------------------


def test_a_reviewer_of_another_cohort_sees_only_theirs(client, api_world):
    key = create_reviewer_token(user=api_world.elsewhere_reviewer, name="Mine")[1]
    listed = client.get(api("cohort-list"), **bearer(key)).json()
    assert [c["name"] for c in listed] == ["Elsewhere"]
    for name in ("cohort-detail", "cohort-assessments", "cohort-milestones"):
        response = client.get(api(name, api_world.cohort), **bearer(key))
        assert response.status_code == 404, name
        assert "West Berkshire" not in response.content.decode()
    assert client.get(api("cohort-detail", api_world.elsewhere), **bearer(key)).status_code == 200


def test_assessments_are_submissions_with_their_stored_scores(client, api_world, key):
    response = client.get(api("cohort-assessments", api_world.cohort), **bearer(key))
    assert response.status_code == 200
    rows = response.json()
    assert [(r["council"], r["round"], r["round_label"], r["status"]) for r in rows] == [
        ("E06000032", 0, "Baseline", "submitted"),
        ("E06000037", 0, "Baseline", "submitted"),
        ("E06000037", 6, "6 months", "submitted"),
    ]
    assert rows[2]["id"] == api_world.wb_six.pk
    # The stored scores, in the fidelity_score command's shape (the contract's keys only).
    contract = ("overall", "band", "capped", "domains", "actions")
    assert rows[2]["scores"] == {key: api_world.wb_six.scores[key] for key in contract}
    assert rows[2]["submitted_at"].startswith(str(timezone.localdate().year))


def test_assessments_filter_by_round(client, api_world, key):
    url = api("cohort-assessments", api_world.cohort)
    rows = client.get(url, {"round": 6}, **bearer(key)).json()
    assert [(r["council"], r["round"]) for r in rows] == [("E06000037", 6)]
    response = client.get(url, {"round": 7}, **bearer(key))
    assert response.status_code == 400
    assert response.json() == {"detail": "round: give one of 0, 6, 12, 18, 24, 36."}


def test_milestones_per_council_with_late_derived(client, api_world, key, milestones):
    response = client.get(api("cohort-milestones", api_world.cohort), **bearer(key))
    assert response.status_code == 200
    luton, wb = response.json()
    assert luton["council"] == {"id": api_world.luton.pk, "name": "Luton", "ons_code": "E06000032"}
    assert [m["slug"] for m in luton["milestones"]] == [m.slug for m in milestones]
    assert {m["status"] for m in luton["milestones"]} == {"not-started"}
    planned = {m["slug"]: m for m in wb["milestones"]}
    assert planned["multi-agency-board"] == {
        "slug": "multi-agency-board",
        "title": "Multi-agency board established",
        "target_date": "2017-05-01",
        "actual_date": "2017-05-03",
        "status": "done",
        "late": False,
    }
    assert planned["teams-co-located"] == {
        "slug": "teams-co-located",
        "title": "Teams co-located",
        "target_date": "2018-01-01",
        "actual_date": None,
        "status": "on-track",
        "late": True,
    }


@pytest.mark.parametrize(
    "name", ["cohort-list", "cohort-detail", "cohort-assessments", "cohort-milestones"]
)
def test_api_queries_do_not_grow_with_the_number_of_councils(client, api_world, key, name):
    url = api(name, None if name == "cohort-list" else api_world.cohort)
    client.get(url, **bearer(key))  # the first use writes last_used_at
    with CaptureQueriesContext(connection) as two:
        assert client.get(url, **bearer(key)).status_code == 200
    for number in (1, 2, 3):
        add_council(api_world.cohort, number)
    with CaptureQueriesContext(connection) as five:
        response = client.get(url, **bearer(key))
    assert response.status_code == 200
    assert len(five) == len(two) <= 6, [q["sql"] for q in five]


def test_schema_is_public_openapi_with_every_path(client, api_world):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Family Safeguarding adoption kit API"
    assert set(schema["paths"]) == {
        "/api/v1/cohorts/",
        "/api/v1/cohorts/{id}/",
        "/api/v1/cohorts/{id}/assessments/",
        "/api/v1/cohorts/{id}/milestones/",
    }
    assert schema["components"]["securitySchemes"]["reviewerToken"]["scheme"] == "bearer"
    as_yaml = yaml.safe_load(client.get(reverse("api:schema")).content)
    assert as_yaml["paths"].keys() == schema["paths"].keys()


def test_the_schema_documents_every_error_each_operation_can_answer(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    statuses = {
        path: sorted(operation["get"]["responses"]) for path, operation in schema["paths"].items()
    }
    assert statuses == {
        "/api/v1/cohorts/": ["200", "401", "403"],
        "/api/v1/cohorts/{id}/": ["200", "401", "403", "404"],
        "/api/v1/cohorts/{id}/assessments/": ["200", "400", "401", "403", "404"],
        "/api/v1/cohorts/{id}/milestones/": ["200", "401", "403", "404"],
    }
    error = schema["paths"]["/api/v1/cohorts/{id}/"]["get"]["responses"]["404"]
    assert error["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]


@pytest.mark.parametrize(
    "path", ["/api/v1/cohorts/1.5/", "/api/v1/cohorts/1/assessments.json", "/api/v1/nothing/"]
)
def test_an_unknown_api_path_is_a_json_404(client, api_world, key, path):
    response = client.get(path, **bearer(key))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


# Token pages ------------------------------------------------------------------------------


def test_token_pages_create_show_the_key_once_and_revoke(client, api_world):
    client.force_login(api_world.reviewer)
    page = client.get(reverse("review_exports:token_create"))
    assert page.status_code == 200
    response = client.post(reverse("review_exports:token_create"), {"name": "Dashboard"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ReviewerToken.objects.get(user=api_world.reviewer)
    key = response.context["key"]
    assert key in response.content.decode()
    assert "will not be shown again" in response.content.decode()
    assert token.key_hash == ReviewerToken.hash_key(key)
    assert key not in str(dict(client.session))

    listing = client.get(reverse("review_exports:token_list")).content.decode()
    assert "Dashboard" in listing and token.prefix in listing
    assert key not in listing and token.key_hash not in listing
    assert client.get(api("cohort-list"), **bearer(key)).status_code == 200

    revoke = reverse("review_exports:token_revoke", kwargs={"pk": token.pk})
    confirm = client.get(revoke)
    assert confirm.status_code == 200
    assert "Revoke the token ‘Dashboard’?" in confirm.content.decode()
    response = client.post(revoke, follow=True)
    assert response.redirect_chain[-1][0] == reverse("review_exports:token_list")
    assert "has been revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get(api("cohort-list"), **bearer(key)).status_code == 401


def test_a_token_needs_a_name(client, api_world):
    client.force_login(api_world.reviewer)
    response = client.post(reverse("review_exports:token_create"), {"name": "   "})
    assert response.status_code == 200
    assert "Enter a name for the token" in response.content.decode()
    response = client.post(reverse("review_exports:token_create"), {"name": "x" * 81})
    assert "80 characters or fewer" in response.content.decode()
    assert not ReviewerToken.objects.exists()


def test_a_reviewer_cannot_revoke_another_reviewers_token(client, api_world, key):
    token = ReviewerToken.objects.get()
    client.force_login(api_world.elsewhere_reviewer)
    revoke = reverse("review_exports:token_revoke", kwargs={"pk": token.pk})
    assert client.get(revoke).status_code == 404
    assert client.post(revoke).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


# Every export, token page and API endpoint, for each role ---------------------------------

ROLES = ["anonymous", "council_lead", "no_cohort_reviewer", "elsewhere_reviewer", "reviewer"]
PAGE_DENIED = {"anonymous": 302, "council_lead": 404, "no_cohort_reviewer": 404}
# Token pages: whoever reviews no cohort is shown the page saying there is nothing to show.
NOTHING_TO_SHOW = {"anonymous": 302, "council_lead": 200, "no_cohort_reviewer": 200}
API_DENIED = {"anonymous": 401, "council_lead": 403, "no_cohort_reviewer": 403}
COHORT_PAGE = PAGE_DENIED | {"elsewhere_reviewer": 404, "reviewer": 200}
OWN_PAGE = NOTHING_TO_SHOW | {"elsewhere_reviewer": 200, "reviewer": 200}
OWN_TOKEN = NOTHING_TO_SHOW | {"elsewhere_reviewer": 404, "reviewer": 200}
COHORT_API = API_DENIED | {"elsewhere_reviewer": 404, "reviewer": 200}
ENDPOINTS = [
    ("review_exports:overview_csv", "cohort", COHORT_PAGE),
    ("review_exports:overview_xlsx", "cohort", COHORT_PAGE),
    ("review_exports:answers_csv", "cohort", COHORT_PAGE),
    ("review_exports:answers_xlsx", "cohort", COHORT_PAGE),
    ("review_exports:answers_xlsx_status", "export", COHORT_PAGE),  # the reviewer's own file
    ("review_exports:answers_xlsx_download", "export", COHORT_PAGE),
    ("review_exports:token_list", None, OWN_PAGE),
    ("review_exports:token_create", None, OWN_PAGE),
    ("review_exports:token_revoke", "token", OWN_TOKEN),  # the reviewer's own token
    ("api:cohort-list", None, API_DENIED | {"elsewhere_reviewer": 200, "reviewer": 200}),
    ("api:cohort-detail", "pk", COHORT_API),
    ("api:cohort-assessments", "pk", COHORT_API),
    ("api:cohort-milestones", "pk", COHORT_API),
    ("api:schema", None, dict.fromkeys(ROLES, 200)),
]


@pytest.mark.parametrize(("name", "argument", "expected"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_every_endpoint_for_each_role(api_world, name, argument, expected):
    reviewer_token, _ = create_reviewer_token(user=api_world.reviewer, name="Own")
    with TestCase.captureOnCommitCallbacks(execute=True):
        export = start_answers_export(user=api_world.reviewer, cohort=api_world.cohort)
    kwargs = {
        "cohort": {"cohort_pk": api_world.cohort.pk},
        "export": {"cohort_pk": api_world.cohort.pk, "pk": export.pk},
        "token": {"pk": reviewer_token.pk},
        "pk": {"pk": api_world.cohort.pk},
        None: {},
    }[argument]
    url = reverse(name, kwargs=kwargs)
    users = {
        "anonymous": None,
        "council_lead": api_world.wb_lead,
        "no_cohort_reviewer": api_world.no_cohort_reviewer,
        "elsewhere_reviewer": api_world.elsewhere_reviewer,
        "reviewer": api_world.reviewer,
    }
    statuses = {}
    for role, user in users.items():
        client, headers = Client(), {}
        if user is not None and name.startswith("api:"):
            # Users the service refuses a token get a leftover one: the permission still holds.
            headers = bearer(leftover_token(user))
        elif user is not None:
            client.force_login(user)
        response = client.get(url, **headers)
        statuses[role] = response.status_code
        if user is not None:  # a session or, for the API, a bearer token and no session
            assert_not_cached(response)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login"))
    assert statuses == expected


@pytest.mark.parametrize("role", ["council_lead", "no_cohort_reviewer"])
def test_who_reviews_no_cohort_sees_nothing_to_show_and_no_token_form(client, api_world, role):
    user = {"council_lead": api_world.wb_lead, "no_cohort_reviewer": api_world.no_cohort_reviewer}
    client.force_login(user[role])
    for name in ("review_exports:token_list", "review_exports:token_create", "review:cohort_list"):
        page = client.get(reverse(name))
        assert page.status_code == 200
        assertContains(page, "No cohort has been assigned to you")
        assertNotContains(page, 'name="name"')
    sent = client.post(reverse("review_exports:token_create"), {"name": "Mine"})
    assert sent.status_code == 200
    assertContains(sent, "No cohort has been assigned to you")
    assert not ReviewerToken.objects.filter(user=user[role]).exists()


def test_the_reviewer_api_settings_leave_the_wagtail_admin_api_alone(client, home_page):
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.create_superuser(
        "admin", "admin@example.invalid", "not-a-real-password"
    )
    client.force_login(editor)
    assert client.get("/admin/api/main/pages/").status_code == 200


# Token expiry ------------------------------------------------------------------------------


def lifetime(token) -> datetime.timedelta:
    """From creation to expiry, to the second (created_at is stamped as the row is saved)."""
    return datetime.timedelta(seconds=round((token.expires_at - token.created_at).total_seconds()))


def test_a_token_works_for_the_lifetime_chosen_on_its_page(client, api_world):
    client.force_login(api_world.reviewer)
    page = client.get(reverse("review_exports:token_create")).content.decode()
    assert 'name="lifetime_days" type="radio" value="90" checked' in page
    for days in (30, 90, 180, 365):
        assert f'name="lifetime_days" type="radio" value="{days}"' in page
    client.post(reverse("review_exports:token_create"), {"name": "Yearly", "lifetime_days": "365"})
    token = ReviewerToken.objects.get(name="Yearly")
    assert lifetime(token) == datetime.timedelta(days=365)
    refused = client.post(
        reverse("review_exports:token_create"), {"name": "Forever", "lifetime_days": "36500"}
    )
    assert "Choose how long the token should work" in refused.content.decode()
    assert not ReviewerToken.objects.filter(name="Forever").exists()


def test_a_token_lasts_90_days_unless_told_otherwise(api_world):
    token, _ = create_reviewer_token(user=api_world.reviewer, name="Script")
    assert lifetime(token) == datetime.timedelta(days=90)
    with pytest.raises(ValueError):
        create_reviewer_token(user=api_world.reviewer, name="Script", lifetime_days=10_000)


def test_an_expired_token_gets_401_saying_when_it_expired(client, api_world, key):
    assert client.get(api("cohort-list"), **bearer(key)).status_code == 200
    expired = timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 0))
    ReviewerToken.objects.update(expires_at=expired)
    response = client.get(api("cohort-list"), **bearer(key))
    assert response.status_code == 401
    assert response.json() == {
        "detail": "This token expired on 2 March 2026: create a new one at /review/tokens/."
    }
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_token_list_shows_each_expiry_and_which_have_expired(client, api_world):
    live, _ = create_reviewer_token(user=api_world.reviewer, name="Live one")
    old, _ = create_reviewer_token(user=api_world.reviewer, name="Old one")
    ReviewerToken.objects.filter(pk=old.pk).update(
        expires_at=timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 0))
    )
    client.force_login(api_world.reviewer)
    listing = client.get(reverse("review_exports:token_list")).content.decode()
    assert ">2 March 2026</time>" in listing
    assert f">{govuk_date(live.expires_at)}</time>" in listing
    assert listing.count('govuk-tag--yellow">Expired') == 1
    assert listing.count(">Revoke<") == 1  # an expired token has nothing left to revoke


def test_tokens_made_before_expiry_get_90_days_from_their_creation(api_world):
    migration = importlib.import_module("cohorts.migrations.0007_reviewer_token_expiry")
    token, _ = create_reviewer_token(user=api_world.reviewer, name="Old script")
    created = datetime.datetime(2026, 1, 10, 9, 30, tzinfo=datetime.UTC)
    ReviewerToken.objects.filter(pk=token.pk).update(created_at=created)
    migration.expire_existing_tokens(apps, schema_editor=None)
    token.refresh_from_db()
    assert token.expires_at == created + datetime.timedelta(days=90)
