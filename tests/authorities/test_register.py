"""The register of councils: content/councils/register.yaml, made from DfE's files by
build_council_register and loaded by load_content, like the pages."""

import csv
import io
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command

import pytest
import yaml

from authorities.choices import Region
from authorities.models import Authority
from authorities.register import REGISTER_FILE, read_register
from fidelity.models import Assessment
from tests.authorities.factories import AuthorityFactory, member
from tests.fidelity.factories import start_round

pytestmark = pytest.mark.django_db


def test_every_council_with_childrens_services_is_known_and_hertfordshire_is_the_reference():
    assert Authority.objects.count() == 153
    herts = Authority.objects.get(is_reference=True)
    assert (herts.name, herts.ons_code, herts.dfe_number, herts.region) == (
        "Hertfordshire",
        "E10000015",
        919,
        "East of England",
    )
    assert Authority.objects.filter(region="Inner London").count() == 14  # with the City


def test_the_recent_changes_of_code_and_of_council_are_joined():
    def council(code):
        return Authority.objects.get(ons_code=code)

    assert council("E06000065").other_ons_codes == ["E10000023"]  # North Yorkshire, 2023
    assert council("E06000066").other_ons_codes == ["E10000027"]  # Somerset, 2023
    cumbria = {"name": "Cumbria", "ons_code": "E10000006", "dfe_number": 909, "last_year": 2023}
    assert council("E06000063").predecessors == [cumbria]  # Cumberland
    assert council("E06000064").predecessors == [cumbria]  # Westmorland and Furness
    assert not Authority.objects.filter(ons_code__in=["E10000006", "E10000023"]).exists()


@pytest.fixture
def register_copy(tmp_path) -> Path:
    """A content folder holding only a copy of the real register."""
    path = tmp_path / REGISTER_FILE
    path.parent.mkdir(parents=True)
    shutil.copy(settings.CONTENT_DIR / REGISTER_FILE, path)
    return tmp_path


def load(content: Path) -> str:
    out = io.StringIO()
    call_command("load_content", content_dir=content, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def edit(content: Path, change) -> None:
    path = content / REGISTER_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_loading_it_again_changes_nothing(register_copy):
    assert "council register: unchanged" in load(register_copy)


def test_a_new_code_under_the_same_dfe_number_updates_the_council_and_keeps_its_data(
    register_copy, framework
):
    luton = Authority.objects.get(ons_code="E06000032")
    assessment = start_round(luton, member("luton-lead", luton, "lead"))

    def recode(data):
        entry = next(c for c in data["councils"] if c["ons_code"] == "E06000032")
        entry |= {"ons_code": "E06000099", "other_ons_codes": ["E06000032"]}

    edit(register_copy, recode)
    assert "council register: 0 created, 1 updated" in load(register_copy)

    luton.refresh_from_db()
    assert (luton.ons_code, luton.other_ons_codes) == ("E06000099", ["E06000032"])
    assert Assessment.objects.get(pk=assessment.pk).authority == luton


def test_the_reference_moves_with_the_register(register_copy):
    edit(register_copy, lambda data: data.update(reference="E06000037"))
    load(register_copy)
    assert Authority.objects.get(is_reference=True).ons_code == "E06000037"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(reference="E99999999"), "reference: 'E99999999' is not the ONS code"),
        (lambda d: d["councils"][0].update(region="Wessex"), "region: use a region as DfE"),
        (lambda d: d["councils"][0].update(ons_code="W06000001"), "is not an ONS code"),
        (lambda d: d["councils"][1].update(dfe_number=301), "DfE number 301 is also"),
        (lambda d: d["councils"][0].update(colour="red"), "colour is not a field"),
    ],
)
def test_a_broken_register_is_refused_with_what_is_wrong_and_nothing_loads(
    register_copy, change, expected
):
    edit(register_copy, change)
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_content", content_dir=register_copy, stderr=err)
    assert "councils/register.yaml" in err.getvalue()
    assert expected in err.getvalue()
    assert Authority.objects.get(is_reference=True).ons_code == "E10000015"


def test_a_council_stored_under_another_number_with_a_registered_code_is_refused(register_copy):
    Authority.objects.filter(ons_code="E06000037").update(ons_code="E99000001")
    AuthorityFactory(name="Impostor", ons_code="E06000037", dfe_number=9999)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_content", content_dir=register_copy, stderr=err)
    assert "Impostor already has ONS code E06000037" in err.getvalue()


def test_the_command_rebuilds_the_committed_register_from_dfes_files(tmp_path, dfe_data_dir):
    output = tmp_path / "register.yaml"
    call_command("build_council_register", str(dfe_data_dir), output=output, stdout=io.StringIO())
    committed = settings.CONTENT_DIR / REGISTER_FILE
    assert output.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8")
    register, problems = read_register(output)
    assert not problems and len(register.councils) == 153


def test_region_labels_are_the_region_names_in_dfes_files(dfe_data_dir):
    """The regions of DfE's regional rows (London, and its Inner and Outer parts, with the
    eight others), spelt as DfE spells them, as values and as the labels the admin shows."""
    named = set()
    for path in dfe_data_dir.glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if "geographic_level" not in (reader.fieldnames or []):
                continue
            named |= {row["region_name"] for row in reader if row["geographic_level"] == "Regional"}
    assert named, "no regional rows found in the DfE files"
    assert set(Region.labels) == named
    assert set(Region.values) == named
