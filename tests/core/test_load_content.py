"""load_content: idempotent, matches on slug, all or nothing, clear errors naming file and field."""

import shutil
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.documents import get_document_model
from wagtail.models import Page

import pytest

from core.models import HomePage, StandardPage
from practice.models import ElementPage, RolePage, StoryPage
from resources.models import ResourcePage
from tests.core.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

HOME = """---
type: core.homepage
title: Family Safeguarding adoption kit
nav_title: Home
summary: Guidance for adopting councils.
featured:
  - the-model/mi
---
Welcome.

```block:key_figure
number: "49%"
label: fewer children on child protection plans
source: West Berkshire Council
year: 2017
```
"""
MODEL = """---
type: practice.modeloverviewpage
title: The model
summary: Four elements.
show_in_menus: true
---
The model in brief.
"""
ELEMENT = """---
type: practice.elementpage
title: Motivational interviewing
summary: A way of talking with parents.
number: 2
---
## What it is

A conversation style.

## Why it matters

```block:quote
text: Parents found their own reasons.
attribution: Social worker (paraphrased)
```

## What good looks like

- Everyone trained
- Skills practised

## What changes for a council that adopts it

Training for all staff.
"""


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


RESOURCE_INDEX = "---\ntype: resources.resourceindexpage\ntitle: Resources\nsummary: R.\n---\n"


def resource_files(*, document: str, slug: str = "record", elements: str = "") -> dict[str, str]:
    """A resources section with one template resource pointing at ``document``."""
    return {
        "resources/_index.md": RESOURCE_INDEX,
        f"resources/{slug}.md": (
            "---\ntype: resources.resourcepage\ntitle: Record template\nsummary: A template.\n"
            f"resource_type: template\naudience: manager\nstage: installation\n{elements}"
            f"document: {document}\n---\n"
        ),
    }


def write_document(content: Path, text: str) -> None:
    (content / "documents").mkdir()
    (content / "documents" / "record.csv").write_text(text, encoding="utf-8")


@pytest.fixture
def content(tmp_path, empty_site):
    return write(
        tmp_path / "content",
        {"home.md": HOME, "the-model/_index.md": MODEL, "the-model/mi.md": ELEMENT},
    )


def load(folder: Path) -> str:
    out = StringIO()
    call_command("load_content", content_dir=folder, stdout=out, verbosity=2)
    return out.getvalue()


def test_creates_pages_with_their_fields_and_blocks(content):
    out = load(content)

    assert "2 created, 1 updated, 0 unchanged" in out
    element = ElementPage.objects.get(slug="mi")
    assert element.live and element.number == 2
    assert element.get_parent().slug == "the-model"
    assert element.what_it_is[0].block_type == "text"
    assert "A conversation style." in str(element.what_it_is[0].value)
    assert element.why_it_matters[0].block_type == "quote"
    assert element.why_it_matters[0].value["attribution"] == "Social worker (paraphrased)"
    assert "<li>Everyone trained</li>" in str(element.what_good_looks_like[0].value)
    home = HomePage.objects.get()
    assert home.nav_title == "Home"
    assert [link.page_id for link in home.featured_pages.all()] == [element.pk]
    assert home.body[1].value["number"] == "49%"


def test_second_run_changes_nothing(content):
    load(content)
    revisions = {page.pk: page.latest_revision_id for page in Page.objects.all()}

    out = load(content)

    assert "0 created, 0 updated, 3 unchanged" in out
    assert {page.pk: page.latest_revision_id for page in Page.objects.all()} == revisions


def test_the_real_content_loads_twice_and_creates_nothing_the_second_time(empty_site):
    first = load(settings.CONTENT_DIR)
    assert "0 unchanged" in first
    assert RolePage.objects.live().count() >= 9
    assert StoryPage.objects.live().count() == 3
    assert ElementPage.objects.live().count() == 5

    second = load(settings.CONTENT_DIR)

    assert " 0 created, 0 updated," in second


def test_changed_file_updates_that_page_only(content):
    load(content)
    write(
        content, {"the-model/mi.md": ELEMENT.replace("A conversation style.", "A guiding style.")}
    )

    out = load(content)

    assert "0 created, 1 updated, 2 unchanged" in out
    element = ElementPage.objects.get(slug="mi")
    assert "A guiding style." in str(element.what_it_is[0].value)
    assert element.revisions.count() == 2


def test_pages_made_by_editors_are_never_deleted(content, empty_site):
    load(content)
    editor_page = StandardPageFactory(parent=HomePage.objects.get(), slug="editors-own")

    load(content)

    assert StandardPage.objects.filter(pk=editor_page.pk).exists()


def test_new_siblings_follow_their_order_field(content):
    write(
        content,
        {
            "the-model/b-first.md": ELEMENT.replace("number: 2", "number: 1\norder: 1"),
            "the-model/a-last.md": ELEMENT.replace("number: 2", "number: 3\norder: 5000"),
        },
    )
    load(content)

    slugs = [page.slug for page in Page.objects.get(slug="the-model").get_children()]
    assert slugs == ["b-first", "mi", "a-last"]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {
                "the-model/mi.md": ELEMENT.replace(
                    "type: practice.elementpage", "type: practice.nopage"
                )
            },
            "the-model/mi.md: type: 'practice.nopage' is not a page type",
        ),
        (
            {"the-model/mi.md": ELEMENT.replace("title: Motivational interviewing\n", "")},
            "the-model/mi.md: title: is required",
        ),
        (
            {"the-model/mi.md": ELEMENT.replace("number: 2", "number: 2\ncolour: blue")},
            "the-model/mi.md: colour: is not a field of practice.elementpage",
        ),
        (
            {"the-model/mi.md": ELEMENT.replace("## Why it matters", "## Why it is good")},
            "the-model/mi.md: section 'Why it is good': is not a section of this page",
        ),
        (
            {
                "the-model/mi.md": ELEMENT.replace(
                    "## What changes for a council that adopts it\n\nTraining for all staff.\n", ""
                )
            },
            "the-model/mi.md: section 'What changes for a council that adopts it': is missing or empty",
        ),
        (
            {"the-model/mi.md": ELEMENT.replace("attribution: Social worker (paraphrased)\n", "")},
            "the-model/mi.md: why_it_matters › block 1 (quote) › attribution: is required",
        ),
        (
            {"the-model/mi.md": ELEMENT.replace("```block:quote", "```block:banner")},
            "the-model/mi.md: why_it_matters › block 1 (banner): is not a block type",
        ),
        (
            {"the-model/mi.md": ELEMENT.replace("number: 2", "number: 7")},
            "the-model/mi.md: number: The model has four elements",
        ),
        (
            {
                "the-model/mi.md": ELEMENT.replace(
                    "---\n## What it is", "---\n# Heading one\n\n## What it is"
                )
            },
            "the-model/mi.md: body: text before the first section",
        ),
        (
            {
                "the-model/mi.md": ELEMENT.replace(
                    "- Everyone trained", "| a | b |\n\n<table></table>"
                )
            },
            "uses Markdown the rich text cannot hold (<table>)",
        ),
        (
            {"the-model/mi.md": "---\ntype: [unclosed\n---\n"},
            "the-model/mi.md: front matter: is not valid YAML",
        ),
        (
            {"home.md": HOME.replace("  - the-model/mi", "  - the-model/missing")},
            "home.md: featured: links to 'the-model/missing', which is not a page",
        ),
        (
            {"home.md": HOME.replace("year: 2017", 'year: "last year"')},
            "home.md: body › block 2 (key_figure) › year:",
        ),
        (
            {"orphans/page.md": MODEL},
            "orphans/page.md: -: its parent page has no file (orphans/_index.md)",
        ),
        (
            {"the-model/Bad_Name.md": ELEMENT},
            "the-model/Bad_Name.md: file name: 'Bad_Name' is not a valid slug",
        ),
    ],
    ids=[
        "unknown-type",
        "missing-title",
        "unknown-field",
        "unknown-section",
        "missing-section",
        "block-field-missing",
        "unknown-block",
        "model-validation",
        "text-before-sections",
        "unsupported-markdown",
        "bad-yaml",
        "broken-link",
        "bad-block-value",
        "no-parent",
        "bad-slug",
    ],
)
def test_invalid_file_is_named_and_nothing_is_loaded(content, files, expected):
    write(content, files)
    pages_before = Page.objects.count()
    err = StringIO()

    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_content", content_dir=content, stderr=err)

    assert expected in err.getvalue()
    assert Page.objects.count() == pages_before


def test_a_bad_file_among_good_ones_rolls_back_the_good_ones_too(content):
    load(content)
    write(
        content,
        {
            "the-model/mi.md": ELEMENT.replace("A conversation style.", "Changed text."),
            "the-model/zz.md": ELEMENT.replace("number: 2", "number: 9"),
        },
    )

    with pytest.raises(CommandError):
        call_command("load_content", content_dir=content, stderr=StringIO())

    assert "A conversation style." in str(ElementPage.objects.get(slug="mi").what_it_is[0].value)
    assert not ElementPage.objects.filter(slug="zz").exists()


def test_every_problem_is_reported_not_only_the_first(content):
    write(
        content,
        {
            "the-model/mi.md": ELEMENT.replace("title: Motivational interviewing\n", ""),
            "the-model/other.md": ELEMENT.replace("number: 2", "number: 2\nflavour: x"),
        },
    )
    err = StringIO()
    with pytest.raises(CommandError, match="2 problems"):
        call_command("load_content", content_dir=content, stderr=err)
    assert "mi.md: title" in err.getvalue()
    assert "other.md: flavour" in err.getvalue()


def test_a_page_of_another_type_in_the_same_place_is_refused(content):
    load(content)
    StandardPageFactory(parent=HomePage.objects.get(), slug="about")
    write(content, {"about.md": MODEL})  # the editor's page has this slug but another type

    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_content", content_dir=content, stderr=err)
    assert "about.md: type:" in err.getvalue()


def test_story_without_its_basis_is_refused(content):
    write(
        content,
        {
            "stories/_index.md": "---\ntype: practice.storyindexpage\ntitle: Stories\nsummary: S.\n---\n",
            "stories/anna.md": (
                "---\ntype: practice.storypage\ntitle: Anna\nsummary: A story.\n"
                "publication_basis: consent-record\n---\nWhat happened.\n"
            ),
        },
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_content", content_dir=content, stderr=err)

    assert "stories/anna.md: basis_detail: A family story cannot be published" in err.getvalue()
    assert not StoryPage.objects.exists()


def test_documents_are_imported_once_and_reused(content):
    write_document(content, "date,family\n")
    write(
        content,
        resource_files(document="documents/record.csv", elements="elements: [the-model/mi]\n"),
    )
    load(content)
    load(content)

    resource = ResourcePage.objects.get(slug="record")
    assert resource.document.title == "Record"
    assert get_document_model().objects.count() == 1
    assert [e.slug for e in resource.elements.all()] == ["mi"]


def test_a_document_outside_the_documents_folder_is_refused(content):
    write(content, resource_files(document="../../etc/passwd", slug="x"))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_content", content_dir=content, stderr=err)
    assert (
        "resources/x.md: document: '../../etc/passwd' is not a file under content/documents/"
        in err.getvalue()
    )


def test_missing_content_folder_is_a_clear_error(tmp_path, empty_site):
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_content", content_dir=tmp_path / "nowhere", stderr=err)
    assert "the content folder does not exist" in err.getvalue()


def test_copy_of_real_content_with_one_broken_file_loads_nothing(tmp_path, empty_site):
    folder = shutil.copytree(settings.CONTENT_DIR, tmp_path / "content")
    role = folder / "roles" / "psychologist.md"
    role.write_text(
        role.read_text(encoding="utf-8").replace("discipline: clinical", "discipline: astrology")
    )
    err = StringIO()

    with pytest.raises(CommandError):
        call_command("load_content", content_dir=folder, stderr=err)

    assert (
        "roles/psychologist.md: discipline: Value 'astrology' is not a valid choice."
        in err.getvalue()
    )
    assert Page.objects.count() == 2  # the root and the home page only


def test_a_page_an_editor_unpublished_stays_unpublished(content):
    load(content)
    element = ElementPage.objects.get(slug="mi")
    element.unpublish()

    assert "0 created, 0 updated, 3 unchanged" in load(content)
    write(content, {"the-model/mi.md": ELEMENT.replace("A conversation style.", "Revised text.")})
    out = load(content)

    element.refresh_from_db()
    assert not element.live
    assert "Kept unpublished, changes saved as drafts" in out and "the-model/mi" in out
    assert "Revised text." in str(element.get_latest_revision_as_object().what_it_is[0].value)


def test_document_paths_are_normalised(content):
    write_document(content, "a,b\n")
    write(content, resource_files(document="./documents/../documents/record.csv"))
    load(content)
    assert ResourcePage.objects.get(slug="record").document.file_size == 4


def test_a_link_to_a_page_of_the_wrong_type_is_a_clear_error(content):
    write(
        content,
        {
            "roles/_index.md": "---\ntype: practice.roleindexpage\ntitle: Roles\nsummary: R.\n---\n",
            "roles/worker.md": (
                "---\ntype: practice.rolepage\ntitle: Worker\nsummary: S.\nemployer: Council\n"
                "discipline: clinical\nelements: [the-model]\n---\n## What they do\n\nA.\n\n"
                "## Who they work with\n\nB.\n\n## How they work with the team\n\nC.\n"
            ),
        },
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_content", content_dir=content, stderr=err)
    assert (
        "roles/worker.md: elements: links to 'the-model', which is not a page of type 'element page'"
        in err.getvalue()
    )


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("[click](javascript:alert(1))", "links to 'javascript:alert(1)'"),
        ('<p onclick="steal()">Hi</p>', "uses the HTML attribute 'onclick'"),
        ("[x](//evil.example)", "links to '//evil.example'"),
    ],
)
def test_unsafe_links_and_attributes_are_refused(content, markdown, expected):
    write(content, {"the-model/mi.md": ELEMENT.replace("A conversation style.", markdown)})
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_content", content_dir=content, stderr=err)
    assert expected in err.getvalue()


def test_files_stored_by_a_failed_run_are_deleted(content, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "core.storage.MediaStorage",
            "OPTIONS": {"private_location": tmp_path / "private"},  # where documents go
        }
    }
    write_document(content, "a,b\n")
    write(
        content,
        {
            **resource_files(document="documents/record.csv"),
            # passes the file checks, fails when written: a story without its basis
            "stories/_index.md": "---\ntype: practice.storyindexpage\ntitle: S\nsummary: S.\n---\n",
            "stories/x.md": "---\ntype: practice.storypage\ntitle: X\nsummary: X.\n---\nText.\n",
        },
    )
    with pytest.raises(CommandError):
        call_command("load_content", content_dir=content, stderr=StringIO())

    assert not get_document_model().objects.exists()
    stored = [p for p in tmp_path.glob("[mp]*/**/*") if p.is_file()]  # media/ and private/
    assert stored == []


def test_search_terms_make_the_page_the_promoted_result_and_stay_in_step(content):
    terms = "number: 2\nsearch_terms:\n  - Motivational\n  - MI  practice\n"
    write(content, {"the-model/mi.md": ELEMENT.replace("number: 2\n", terms)})
    load(content)
    page = ElementPage.objects.get(slug="mi")
    promoted = SearchPromotion.objects.filter(page=page).values_list
    assert sorted(promoted("query__query_string", flat=True)) == ["mi practice", "motivational"]

    write(
        content,
        {"the-model/mi.md": ELEMENT.replace("number: 2\n", "number: 2\nsearch_terms: [mi]\n")},
    )
    load(content)

    assert list(promoted("query__query_string", flat=True)) == ["mi"]


def test_search_terms_must_be_a_list_of_words(content):
    write(
        content,
        {"the-model/mi.md": ELEMENT.replace("number: 2\n", "number: 2\nsearch_terms: mi\n")},
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_content", content_dir=content, stderr=err)
    assert "the-model/mi.md: search_terms: must be a list of words or phrases" in err.getvalue()
