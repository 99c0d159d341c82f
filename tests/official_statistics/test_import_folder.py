"""import_statistics_folder: a folder of DfE files, each imported by the importer for its
layout (make demo runs it over DFE_DATA_DIR)."""

import io

from django.core.management import CommandError, call_command

import pytest

from official_statistics.models import Observation, StatisticalNeighbour
from tests.official_statistics.dfe_files import children_in_need, file_2025

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_statistics_folder", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_each_file_goes_to_the_importer_for_its_layout(tmp_path):
    children_in_need(tmp_path)
    file_2025(tmp_path)

    out, _ = run(tmp_path)

    assert "dataset cin" in out
    assert "2025 model" in out
    assert Observation.objects.filter(dataset="cin").exists()
    assert StatisticalNeighbour.objects.filter(model_year=2025).exists()


def test_a_broken_file_fails_the_command_but_not_the_others(tmp_path):
    children_in_need(tmp_path)
    (tmp_path / "broken.csv").write_text("time_period,nonsense\n2025,1\n", encoding="utf-8")

    with pytest.raises(CommandError, match="1 of 2 files not imported"):
        run(tmp_path)
    assert Observation.objects.filter(dataset="cin").exists()


def test_without_a_folder_the_default_is_used_or_its_absence_said(tmp_path, settings):
    settings.DFE_DATA_DIR = tmp_path / "absent"

    out, _ = run()

    assert f"there is no folder {tmp_path / 'absent'}" in out
    assert not Observation.objects.exists()


def test_a_named_folder_that_is_missing_or_empty_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        run(tmp_path / "absent")
    with pytest.raises(CommandError, match="holds no CSV files"):
        run(tmp_path)
