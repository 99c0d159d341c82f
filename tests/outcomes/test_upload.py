"""Uploading official-statistics files through the site: the same import as the commands,
with the problems on the page and a summary of what changed; statistics managers and superusers
only, each import on the statistics audit trail."""

import hashlib
import html as html_lib
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

import pytest

from authorities.choices import MembershipRole
from authorities.models import Membership
from official_statistics.choices import ImportSource
from official_statistics.models import Observation, StatisticalNeighbour, StatisticsImport
from tests.authorities.factories import register_council
from tests.cohorts.factories import CohortFactory

pytestmark = pytest.mark.django_db

REVIEWERS_GROUP = "Reviewers"  # made by the cohorts migrations
MANAGERS_GROUP = "Statistics managers"  # made by the official_statistics migrations
URL = "/statistics/upload/"
HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,new_la_code,la_name,category,At31_episodes,awaiting_assessment"
)
ENGLAND = "E92000001,England"
HERTS = f"{ENGLAND},E12000006,East of England,919,E10000015,Hertfordshire"
CIN = "Children in Need"
GOOD_ROWS = [
    HEADER,
    f"2025,Reporting year,National,{ENGLAND},,,,,,{CIN},402400,16290",
    f"2025,Reporting year,Local authority,{HERTS},{CIN},5848,c",
    f"2024,Reporting year,Local authority,{HERTS},{CIN},5437,192",
]

NUMBERS = list(range(801, 813))
HEADER_2025 = "old_la_code,la_name,region_ind,region_name," + ",".join(
    f"SN_{rank},SN_{rank}P" for rank in range(1, 11)
)


def csv_file(lines, *, name="cin.csv", bom=False) -> SimpleUploadedFile:
    text = "\n".join(lines) + "\n"
    return SimpleUploadedFile(
        name, ("\ufeff" if bom else "").encode() + text.encode(), content_type="text/csv"
    )


def neighbours_2025() -> SimpleUploadedFile:
    lines = [HEADER_2025]
    for number in NUMBERS:
        start = NUMBERS.index(number)
        pairs = ",".join(
            f"{NUMBERS[(start + step) % len(NUMBERS)]},Close " for step in range(1, 11)
        )
        lines.append(f"{number},Authority {number},6,South East,{pairs}")
    return csv_file(lines, name="sn_2025.csv", bom=True)


@pytest.fixture(autouse=True)
def site(home_page):
    return home_page


@pytest.fixture
def reviewer(db):
    """A reviewer: assigned to a cohort (and, as the programme team does, in the group)."""
    user = get_user_model().objects.create_user("reviewer", password="not-a-real-password")
    user.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    CohortFactory(reviewers=[user])
    return user


@pytest.fixture
def manager(db):
    """In the Statistics managers group, which holds "Can import official statistics"."""
    user = get_user_model().objects.create_user("manager", password="not-a-real-password")
    user.groups.add(Group.objects.get(name=MANAGERS_GROUP))
    return user


@pytest.fixture
def permitted(db):
    """Given the permission itself, in no group."""
    user = get_user_model().objects.create_user("permitted", password="not-a-real-password")
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="official_statistics", codename="manage_statistics"
        )
    )
    return user


@pytest.fixture
def group_only_reviewer(db):
    """In the Reviewers group but assigned to no cohort, like the demo's other-reviewer."""
    user = get_user_model().objects.create_user("other-reviewer", password="not-a-real-password")
    user.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    return user


@pytest.fixture
def council_lead(db):
    user = get_user_model().objects.create_user("lead", password="not-a-real-password")
    authority = register_council("E06000037")
    Membership.objects.create(user=user, authority=authority, role=MembershipRole.LEAD)
    return user


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user(
        "staff", password="not-a-real-password", is_staff=True
    )


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        "admin", "admin@example.invalid", "not-a-real-password"
    )


@pytest.fixture
def signed_in(client, manager):
    client.force_login(manager)
    return client


def post(client, upload, *, kind="ees", dataset=""):
    """Upload, run the import task that the upload enqueues (the test settings' immediate
    backend, as the commit would) and follow the redirect to the upload's status page."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(URL, {"file": upload, "kind": kind, "dataset": dataset})
    if response.status_code != 302:
        return response  # the form refused the file
    return client.get(response["Location"])


def test_the_url_is_named():
    assert reverse("statistics:upload") == URL


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("manager", 200),
        ("permitted", 200),
        ("superuser", 200),
        ("reviewer", 403),
        ("group_only_reviewer", 403),
        ("council_lead", 403),
        ("staff", 403),
        (None, 302),
    ],
)
def test_who_may_upload(client, request, role, expected):
    if role:
        client.force_login(request.getfixturevalue(role))
    response = client.get(URL)
    assert response.status_code == expected
    if role is None:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["reviewer", "group_only_reviewer", "council_lead", "staff"])
def test_others_cannot_post_a_file(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = post(client, csv_file(GOOD_ROWS))
    assert response.status_code == 403
    assert "Only statistics managers and administrators import official statistics" in (
        response.content.decode()
    )
    assert not Observation.objects.exists()
    assert not StatisticsImport.objects.exists()


def test_each_upload_is_on_the_audit_trail_with_its_counts_and_checksum(signed_in, manager):
    upload = csv_file(GOOD_ROWS, name="children in need.csv")
    checksum = hashlib.sha256(upload.read()).hexdigest()
    upload.seek(0)
    post(signed_in, upload, dataset="cin")
    corrected = [row.replace("5848", "5900") for row in GOOD_ROWS]
    post(signed_in, csv_file(corrected), dataset="cin")

    first, second = StatisticsImport.objects.order_by("pk")
    assert (first.source, first.user, first.file_name, first.sha256, first.dataset) == (
        ImportSource.UPLOAD,
        manager,
        "children in need.csv",
        checksum,
        "cin",
    )
    assert (first.added, first.changed, first.removed, first.unchanged) == (6, 0, 0, 0)
    assert (second.added, second.changed, second.unchanged) == (0, 1, 5)

    html = signed_in.get(URL).content.decode()
    assert "Recent imports" in html
    assert checksum in html.replace("<wbr>", "")
    assert "children in need.csv" in html


def test_a_file_with_problems_leaves_no_audit_event(signed_in):
    post(signed_in, csv_file([*GOOD_ROWS, "2023,Reporting year"]))
    assert not StatisticsImport.objects.exists()


def test_the_recent_imports_show_the_command_line_as_who(signed_in, tmp_path):
    path = tmp_path / "cin.csv"
    path.write_text("\n".join(GOOD_ROWS) + "\n", encoding="utf-8")
    call_command("import_ees", str(path), stdout=io.StringIO())

    html = signed_in.get(URL).content.decode()
    assert "Command line" in html
    assert hashlib.sha256(path.read_bytes()).hexdigest() in html.replace("<wbr>", "")


def test_a_bad_measure_cell_and_too_many_columns_show_in_the_error_summary(signed_in):
    bad_cell = [*GOOD_ROWS[:2], GOOD_ROWS[2].replace("5848", "abc"), GOOD_ROWS[3]]
    html = html_lib.unescape(post(signed_in, csv_file(bad_cell)).content.decode())
    assert "govuk-error-summary" in html
    assert 'Line 3: Column 12 (At31_episodes): "abc" is neither a number nor a DfE symbol' in html

    wide = [GOOD_ROWS[0] + "".join(f",junk_{n}" for n in range(300)), GOOD_ROWS[1] + ",1" * 300]
    html = html_lib.unescape(post(signed_in, csv_file(wide)).content.decode())
    assert "Line 1: 313 columns: an import reads at most 200" in html
    assert not Observation.objects.exists()


def test_the_form_is_a_gov_uk_file_upload(signed_in):
    html = signed_in.get(URL).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'class="govuk-file-upload"' in html
    assert "Explore Education Statistics open-data file" in html
    assert "Statistical neighbours file" in html
    assert "<title>Upload official statistics" in html


def test_a_valid_file_is_imported_and_summarised(signed_in, caplog):
    with caplog.at_level("INFO", logger="outcomes.upload"):
        response = post(signed_in, csv_file(GOOD_ROWS, bom=True))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Statistics imported" in html
    assert 'id="rows-read">3<' in html
    assert 'id="created">6<' in html
    assert 'id="updated">0<' in html
    assert 'id="unchanged">0<' in html
    assert 'id="symbols">1<' in html
    assert reverse("statistics:upload") in html
    assert Observation.objects.filter(dataset="cin").count() == 6
    herts = Observation.objects.get(
        dataset="cin", measure="At31_episodes", area_code="E10000015", period="2025"
    )
    assert herts.value == Decimal("5848")
    suppressed = Observation.objects.get(
        dataset="cin", measure="awaiting_assessment", area_code="E10000015", period="2025"
    )
    assert (suppressed.value, suppressed.symbol) == (None, "c")
    assert "manager uploaded cin.csv" in caplog.text

    again = post(signed_in, csv_file(GOOD_ROWS))
    html = again.content.decode()
    assert "Nothing changed" in html
    assert 'id="created">0<' in html
    assert 'id="unchanged">6<' in html
    assert Observation.objects.count() == 6


def test_a_corrected_file_updates_and_a_dataset_name_is_used(signed_in):
    post(signed_in, csv_file(GOOD_ROWS), dataset="children-in-need")
    corrected = [row.replace("5848", "5900") for row in GOOD_ROWS]
    html = post(signed_in, csv_file(corrected), dataset="children-in-need").content.decode()
    assert 'id="updated">1<' in html
    assert 'id="unchanged">5<' in html
    assert set(Observation.objects.values_list("dataset", flat=True)) == {"children-in-need"}


def test_a_malformed_file_lists_its_problems_and_stores_nothing(signed_in):
    rows = [*GOOD_ROWS, f"2023,Reporting year,Local authority,{HERTS},{CIN},5000"]
    response = post(signed_in, csv_file(rows))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: cin.csv not imported" in html
    assert "govuk-error-summary" in html
    assert "Line 5: 12 fields where the header has 13" in html
    assert "The file has 1 problem and nothing from it was imported" in html
    assert "the statistics are as they were before the upload" in html
    assert not Observation.objects.exists()


def test_a_long_list_of_problems_is_cut_short(signed_in):
    bad = f"2023,Reporting year,Local authority,{HERTS},{CIN},5000"
    html = post(signed_in, csv_file([*GOOD_ROWS, *[bad] * 60])).content.decode()
    assert "Line 54:" in html
    assert "Line 55:" not in html
    assert "and 10 more problems" in html
    assert not Observation.objects.exists()


def test_a_file_not_in_the_ees_layout_is_refused(signed_in):
    html = post(signed_in, csv_file(["name,value", "a,1"])).content.decode()
    assert "Line 1: Not an Explore Education Statistics open-data file" in html
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("data.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
            "this one looks like a spreadsheet or other binary file",
        ),
        (
            SimpleUploadedFile("data.csv", "time_period,caf\xe9\n2025,1\n".encode("latin-1")),
            "The selected file must be saved as UTF-8 text",
        ),
        (SimpleUploadedFile("data.xlsx", b"PK\x03\x04"), "The selected file must be a CSV"),
        (SimpleUploadedFile("data.csv", b"just some words\n"), "its first line should name"),
        (SimpleUploadedFile("data.csv", b""), "The selected file is empty"),
    ],
)
def test_a_file_that_is_not_csv_text_gets_a_clear_error(signed_in, upload, message):
    response = post(signed_in, upload)
    html = response.content.decode()
    assert "<title>Error: " in html
    assert message in html
    assert 'href="#id_file"' in html
    assert not Observation.objects.exists()


@override_settings(STATISTICS_UPLOAD_MAX_BYTES=100)
def test_a_file_over_the_size_limit_is_refused(signed_in):
    html = post(signed_in, csv_file(GOOD_ROWS)).content.decode()
    assert "The selected file must be smaller than 100" in html
    assert not Observation.objects.exists()


def test_missing_fields_are_reported(signed_in):
    html = signed_in.post(URL, {"dataset": "bad name!"}).content.decode()
    assert "Select a CSV file" in html
    assert "Select what kind of file it is" in html
    assert "The dataset name must start with a letter or number" in html


def test_a_neighbours_file_is_imported_and_summarised(signed_in):
    response = post(signed_in, neighbours_2025(), kind="neighbours")
    html = response.content.decode()
    assert "Statistical neighbours imported" in html
    assert 'id="model-year">2025<' in html
    assert 'id="authorities">12<' in html
    assert 'id="neighbours">120<' in html
    assert 'id="created">120<' in html
    assert StatisticalNeighbour.objects.filter(model_year=2025).count() == 120

    html = post(signed_in, neighbours_2025(), kind="neighbours").content.decode()
    assert "Nothing changed" in html
    assert 'id="unchanged">120<' in html


def test_an_ees_file_uploaded_as_neighbours_is_refused(signed_in):
    html = post(signed_in, csv_file(GOOD_ROWS), kind="neighbours").content.decode()
    assert "govuk-error-summary" in html
    assert not StatisticalNeighbour.objects.exists()
