"""The framework file, its loading by load_content, and the command-line contract."""

import json
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command

import pytest

from fidelity.framework_file import read_framework, save_framework
from fidelity.models import FrameworkVersion, Indicator

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


def indicator(slug, **extra):
    fields = {
        "slug": slug,
        "title": slug.replace("-", " ").capitalize(),
        "descriptors": {"0": "Not in place.", "1": "Partly in place.", "2": "Fully in place."},
        "evidence_prompt": "Which documents show it.",
        "reference_basis": {"source": "none"},
    }
    return {**fields, **extra}


SOURCED = {"source": "review", "says": "Every team has specialists."}


def small_framework(version="t-1", **domain_extra):
    return {
        "version": version,
        "title": "Test framework",
        "thresholds": {"green": 80, "amber": 50},
        "sources": {
            "review": {
                "title": "A review",
                "publisher": "A council",
                "date": "date not given",
                "describes": "hertfordshire",
            }
        },
        "domains": [
            {
                "slug": "teams",
                "title": "Teams",
                "weight": 2,
                "indicators": [
                    indicator("specialists", weight=2, critical=True, reference_basis=SOURCED),
                    indicator("co-located"),
                    indicator("psychologist", allows_na=True, reference_level=1),
                    indicator("managers"),
                ],
                **domain_extra,
            },
            {
                "slug": "mi",
                "title": "Motivational interviewing",
                "indicators": [indicator(f"mi-{n}") for n in range(4)],
            },
        ],
    }


def write_framework(folder: Path, data: dict) -> Path:
    path = folder / "fidelity" / "framework.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML
    return path


@pytest.fixture
def loaded(tmp_path):
    document, problems = read_framework(write_framework(tmp_path, small_framework()))
    assert problems == []
    save_framework(document)
    return document


def test_framework_json_matches_the_contract(loaded):
    out = StringIO()
    call_command("fidelity_framework", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["version"] == "t-1"
    assert data["thresholds"] == {"green": 80, "amber": 50}
    assert [d["slug"] for d in data["domains"]] == ["teams", "mi"]
    assert data["domains"][0]["weight"] == 2
    assert data["domains"][0]["indicators"][0] == {
        "slug": "specialists",
        "title": "Specialists",
        "weight": 2,
        "critical": True,
        "reference_level": 2,
        "reference_basis": "A review (A council, date not given): Every team has specialists.",
        "allows_na": False,
    }
    assert data["domains"][0]["indicators"][2]["allows_na"] is True
    assert data["domains"][0]["indicators"][1]["reference_basis"] == (
        "Not described in published sources: the framework's own expectation."
    )


def test_every_indicator_of_the_real_framework_says_what_its_level_rests_on(framework):
    out = StringIO()
    call_command("fidelity_framework", "--json", stdout=out)
    data = json.loads(out.getvalue())
    bases = [i["reference_basis"] for d in data["domains"] for i in d["indicators"]]
    assert len(bases) == framework.indicators.count() == 50
    assert all(basis.strip() for basis in bases)
    not_described = [b for b in bases if b.startswith("Not described in published sources")]
    assert 0 < len(not_described) < len(bases)


@pytest.mark.parametrize(
    ("basis", "problem"),
    [
        (None, "indicator co-located: reference_basis: is required"),
        ({"source": "blog"}, "indicator co-located: reference_basis: source: 'blog' is not one"),
        ({"source": "review"}, "indicator co-located: reference_basis: says: say what"),
        ({"source": "none", "quote": "x"}, "indicator co-located: reference_basis: quote: is not"),
    ],
)
def test_a_reference_level_without_its_basis_is_refused(tmp_path, basis, problem):
    data = small_framework()
    co_located = data["domains"][0]["indicators"][1]
    if basis is None:
        del co_located["reference_basis"]
    else:
        co_located["reference_basis"] = basis
    document, problems = read_framework(write_framework(tmp_path, data))
    assert document is None
    assert any(p.startswith(problem) for p in problems), problems


def test_a_source_must_say_what_it_describes(tmp_path):
    data = small_framework()
    data["sources"]["review"]["describes"] = "somewhere"
    document, problems = read_framework(write_framework(tmp_path, data))
    assert document is None
    assert "sources: review: describes: must be hertfordshire or model" in problems


def call_score(tmp_path, answers):
    path = tmp_path / "answers.json"
    path.write_text(
        answers if isinstance(answers, str) else json.dumps({"answers": answers}), encoding="utf-8"
    )
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("fidelity_score", str(path), stdout=out, stderr=err)
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


ALL_TWO = {
    "specialists": 2,
    "co-located": 2,
    "psychologist": 2,
    "managers": 2,
    **{f"mi-{n}": 2 for n in range(4)},
}


def test_score_prints_the_result(loaded, tmp_path):
    code, out, err = call_score(
        tmp_path, {**ALL_TWO, "co-located": 1, "psychologist": "na", "mi-0": 0}
    )
    assert code == 0 and err == ""
    result = json.loads(out)
    # teams: (4 + 1 + 2) / (4 + 2 + 2) = 87.5; mi: 6 / 8 = 75; overall (87.5 x 2 + 75) / 3
    assert result["overall"] == 83.3
    assert result["band"] == "High fidelity"
    assert result["capped"] is False
    assert result["domains"][0] == {
        "slug": "teams",
        "score": 87.5,
        "rag": "green",
        "reference_score": 100.0,
        "gap": 12.5,
    }
    assert [a["indicator"] for a in result["actions"]] == ["mi-0", "co-located"]
    assert result["actions"][0] == {
        "indicator": "mi-0",
        "domain": "mi",
        "level": 0,
        "reference_level": 2,
        "priority": 2,
    }


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({**ALL_TWO, "specialists": 3}, ["specialists: 3 is not a level"]),
        ({**ALL_TWO, "managers": "na"}, ['managers: "na" is not allowed']),
        ({k: v for k, v in ALL_TWO.items() if k != "mi-3"}, ["mi-3: no answer"]),
        (
            {**ALL_TWO, "unknown": 1, "mi-1": -1},
            ["unknown: not an indicator", "mi-1: -1 is not a level"],
        ),
        ('{"answers": ', ["not valid JSON"]),
        ('{"levels": {}}', ['expected {"answers"']),
    ],
)
def test_bad_answers_exit_1_with_every_problem_on_stderr_and_nothing_on_stdout(
    loaded, tmp_path, answers, expected
):
    code, out, err = call_score(tmp_path, answers)
    assert code == 1
    assert out == ""
    for message in expected:
        assert message in err
    assert len(err.strip().splitlines()) == len(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"answers": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ('{"answers": {"specialists": ' + "9" * 5000 + "}}", "a number too long to read"),
        ('{"answers": {}, "padding": "' + "x" * (5 * 1024 * 1024) + '"}', "larger than 5 MB"),
    ],
    ids=["deeply nested", "5,000 digits", "over 5 MB"],
)
def test_a_hostile_answers_file_gets_one_line_and_exit_1(loaded, tmp_path, text, message):
    code, out, err = call_score(tmp_path, text)
    assert code == 1
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_the_problem_list_stops_at_100_then_counts_the_rest(loaded, tmp_path):
    answers = {**ALL_TWO, **{f"unknown-{n}": 1 for n in range(250)}}
    code, out, err = call_score(tmp_path, answers)
    lines = err.strip().splitlines()
    assert code == 1 and out == ""
    assert len(lines) == 101
    assert lines[-1] == "and 150 more problems"


def test_a_problem_quoting_a_long_or_multiline_value_stays_one_line(loaded, tmp_path):
    code, _out, err = call_score(tmp_path, {**ALL_TWO, "line one\nline two" + "x" * 500: 1})
    assert code == 1
    [line] = err.strip().splitlines()
    assert line.startswith("line one line two")
    assert len(line) <= 300


def test_missing_answers_file(loaded, tmp_path):
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("fidelity_score", str(tmp_path / "nope.json"), stdout=out, stderr=err)
    assert exit_.value.code == 1
    assert "no such file" in err.getvalue() and out.getvalue() == ""


def test_commands_fall_back_to_the_content_file_before_anything_is_loaded(empty_site):
    assert not FrameworkVersion.objects.exists()
    out = StringIO()
    call_command("fidelity_framework", "--json", stdout=out)
    assert json.loads(out.getvalue())["version"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["domains"][0]["indicators"].pop(),
            "domain teams: indicators: give 4 to 8 indicators",
        ),
        (
            lambda d: d["domains"][1]["indicators"][0].update(slug="specialists"),
            "'specialists' is used twice",
        ),
        (
            lambda d: d["domains"][0]["indicators"][0].update(reference_level=3),
            "reference_level: must be 0, 1 or 2",
        ),
        (
            lambda d: d["domains"][0]["indicators"][0].update(weight=0),
            "weight: must be a whole number of 1 or more",
        ),
        (
            lambda d: d["domains"][0]["indicators"][0]["descriptors"].pop("1"),
            'give exactly "0", "1" and "2"',
        ),
        (lambda d: d["domains"][0].update(colour="red"), "colour: is not a field"),
        (lambda d: d.update(thresholds={"green": 40, "amber": 50}), "amber below green"),
        (
            lambda d: d["domains"][0]["indicators"][1].update(critical="yes"),
            "critical: must be true or false",
        ),
        (
            lambda d: d["domains"][1]["indicators"][0].pop("reference_basis"),
            "indicator mi-0: reference_basis: is required",
        ),
    ],
)
def test_invalid_framework_is_refused_by_load_content_and_nothing_loads(
    tmp_path, empty_site, change, expected
):
    data = small_framework()
    change(data)
    write_framework(tmp_path, data)
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_content", content_dir=tmp_path, stderr=err)
    assert "fidelity/framework.yaml" in err.getvalue()
    assert expected in err.getvalue()
    assert not FrameworkVersion.objects.exists()


def test_load_content_loads_the_framework_once(tmp_path, empty_site):
    write_framework(tmp_path, small_framework())
    (tmp_path / "home.md").write_text(
        "---\ntype: core.homepage\ntitle: Home\nsummary: S.\n---\nHi.\n"
    )

    out = StringIO()
    call_command("load_content", content_dir=tmp_path, stdout=out)
    assert "fidelity framework t-1: created" in out.getvalue()
    assert Indicator.objects.count() == 8
    assert FrameworkVersion.objects.get().is_current

    out = StringIO()
    call_command("load_content", content_dir=tmp_path, stdout=out)
    assert "fidelity framework t-1: unchanged" in out.getvalue()

    data = small_framework()
    data["domains"][0]["indicators"][0]["title"] = "Adult specialists in every team"
    write_framework(tmp_path, data)
    out = StringIO()
    call_command("load_content", content_dir=tmp_path, stdout=out)
    assert "fidelity framework t-1: updated" in out.getvalue()
    assert Indicator.objects.get(slug="specialists").title == "Adult specialists in every team"


def test_a_new_version_becomes_current(tmp_path, empty_site):
    for version in ("t-1", "t-2"):
        document, _ = read_framework(write_framework(tmp_path, small_framework(version=version)))
        save_framework(document)
    assert list(
        FrameworkVersion.objects.filter(is_current=True).values_list("version", flat=True)
    ) == ["t-2"]
    assert FrameworkVersion.objects.count() == 2
