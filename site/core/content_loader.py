"""Load the published pages from the files under content/ (see content/README.md).

Every file is read and checked before anything is written; the writes then happen in one
transaction, so an invalid file means nothing from the run is loaded. Pages are matched on
their parent and slug: a page whose content is unchanged is left alone, a changed one gets a
new published revision, and pages that have no file (made by an editor) are never touched.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction

from wagtail import blocks
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Locale, Page, Site

import frontmatter
import markdown
import yaml
from modelcluster.fields import ParentalManyToManyField

from core.content_spec import InlinePages
from core.models import BasePage, HomePage
from core.text import search_key

COMMON_FIELDS = {
    "type",
    "title",
    "nav_title",
    "summary",
    "order",
    "show_in_menus",
    "seo_title",
    "search_terms",
}
INDEX_FILE = "_index.md"
HOME_FILE = "home.md"
BLOCK_FENCE = re.compile(
    r"^```block:(?P<type>[a-z_]+)[ \t]*\n(?P<body>.*?)^```[ \t]*$", re.S | re.M
)
SECTION_HEADING = re.compile(r"^## (?P<heading>.+?)\s*$")
# Tags the rich text editor understands; anything else in Markdown output is an error.
RICH_TEXT_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "b", "i", "br"}
HTML_TAG = re.compile(r"</?([a-zA-Z0-9]+)")
OPENING_TAG = re.compile(r"<([a-zA-Z0-9]+)([^>]*)>")
ATTRIBUTE = re.compile(r"([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=")
HREF = re.compile(r'href="([^"]*)"')
SAFE_HREF = re.compile(r"^(https?://|mailto:|/(?!/)|#)")


@dataclass(frozen=True)
class ContentProblem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


class ContentError(Exception):
    """One or more content files are invalid; nothing was loaded."""

    def __init__(self, problems: list[ContentProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)  # updated as drafts: unpublished by an editor
    other: list[str] = field(default_factory=list)  # what other apps' content sources did


@dataclass
class PagePlan:
    """What one file says its page should be, checked and converted to field values."""

    file: str
    content_path: str  # "" for the home page, else "section" or "section/slug"
    model: type[BasePage]
    slug: str
    order: int
    values: dict[str, Any]  # plain fields and StreamFields
    page_links: dict[str, list[str]]  # many-to-many field -> content paths
    inline_pages: dict[InlinePages, list[str]]  # inline relation -> content paths
    search_terms: tuple[str, ...] = ()  # searches that show this page first (promoted)

    @property
    def parent_path(self) -> str | None:
        if self.content_path == "":
            return None
        return self.content_path.rpartition("/")[0]


class _FileProblems:
    """Collects the problems of one file so all of them are reported, not only the first."""

    def __init__(self, file: str, problems: list[ContentProblem]):
        self.file = file
        self.problems = problems

    def add(self, field_name: str, message: str) -> None:
        self.problems.append(ContentProblem(self.file, field_name, message))


def load_content(*, content_dir: Path) -> LoadReport:
    """Create or update every page described under ``content_dir``; all or nothing."""
    problems: list[ContentProblem] = []
    media = _MediaFiles(content_dir)
    plans = [
        plan
        for path in _content_files(content_dir)
        if (plan := _read_plan(content_dir, path, media, problems)) is not None
    ]
    sources = [source for config in apps.get_app_configs() for source in _content_sources(config)]
    for source in sources:
        problems.extend(source.check(content_dir))
    _check_tree(
        plans,
        problems,
        all_paths={_content_path(content_dir, p) for p in _content_files(content_dir)},
    )
    if problems:
        raise ContentError(problems)

    report = LoadReport()
    try:
        with transaction.atomic():
            _write_pages(_in_sibling_order(plans), media, report, problems)
            report.other.extend(line for source in sources if (line := source.write()))
            if problems:
                raise ContentError(problems)  # leaving the block rolls everything back
    except Exception:
        media.delete_written()  # the rows are rolled back; their files must go too
        raise
    return report


def _content_sources(config) -> list:
    """Content that apps outside core offer (core must not import them), via their AppConfig.

    ``content_sources()`` returns objects with ``check(content_dir) -> [ContentProblem]`` and
    ``write() -> str | None``; ``write`` runs after the pages, in the same transaction.
    """
    offer = getattr(config, "content_sources", None)
    return offer() if offer else []


# Reading and checking ---------------------------------------------------------------


def _content_files(content_dir: Path) -> list[Path]:
    if not content_dir.is_dir():
        raise ContentError(
            [ContentProblem(str(content_dir), "-", "the content folder does not exist")]
        )
    return sorted(p for p in content_dir.rglob("*.md") if p.name != "README.md")


def _in_sibling_order(plans: list[PagePlan]) -> list[PagePlan]:
    """Parents before children; siblings by their ``order`` field, then by slug."""
    orders = {plan.content_path: plan.order for plan in plans}

    def key(plan: PagePlan) -> tuple:
        if plan.content_path == "":
            return ()
        parts = plan.content_path.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        return tuple(item for prefix in prefixes for item in (orders.get(prefix, 1000), prefix))

    return sorted(plans, key=key)


def _content_path(content_dir: Path, path: Path) -> str:
    relative = path.relative_to(content_dir)
    if relative == Path(HOME_FILE):
        return ""
    if relative.name == INDEX_FILE:
        return relative.parent.as_posix()
    return relative.with_suffix("").as_posix()


def _read_plan(
    content_dir: Path, path: Path, media: _MediaFiles, problems: list[ContentProblem]
) -> PagePlan | None:
    relative = path.relative_to(content_dir).as_posix()
    found = _FileProblems(relative, problems)
    try:
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as error:
        found.add("front matter", f"is not valid YAML: {error}")
        return None
    front, body = dict(post.metadata), post.content

    content_path = _content_path(content_dir, path)
    if len(Path(content_path).parts) > 2:
        found.add("-", "content goes at most two folders deep (section/page.md)")
        return None
    slug = "home" if content_path == "" else content_path.rpartition("/")[2]
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        found.add(
            "file name", f"'{slug}' is not a valid slug: use lower-case letters, digits and hyphens"
        )

    model = _page_model(front.get("type"), found)
    if model is None:
        return None
    if content_path == "" and model is not HomePage:
        found.add("type", "home.md must be a core.homepage")
        return None

    allowed = COMMON_FIELDS | {_spec_name(spec) for spec in model.content_fields}
    for unknown in sorted(set(front) - allowed):
        found.add(
            unknown, f"is not a field of {front['type']}; it takes {', '.join(sorted(allowed))}"
        )

    values: dict[str, Any] = {}
    for name in ("title", "summary"):
        values[name] = _clean_model_field(model, name, front.get(name), found, required=True)
    for name in ("seo_title", "nav_title"):
        values[name] = _clean_model_field(model, name, front.get(name), found)
    if "show_in_menus" in front:
        values["show_in_menus"] = _clean_bool(front["show_in_menus"], "show_in_menus", found)
    search_terms = _clean_search_terms(front.get("search_terms"), found)
    order = front.get("order", 1000)
    if not isinstance(order, int) or isinstance(order, bool):
        found.add("order", "must be a whole number")
        order = 1000

    page_links: dict[str, list[str]] = {}
    inline_pages: dict[InlinePages, list[str]] = {}
    for spec in model.content_fields:
        name = _spec_name(spec)
        raw = front.get(name)
        if isinstance(spec, InlinePages):
            inline_pages[spec] = _clean_path_list(raw, name, found)
            continue
        model_field = model._meta.get_field(name)
        if isinstance(model_field, ParentalManyToManyField):
            page_links[name] = _clean_path_list(raw, name, found)
        elif isinstance(model_field, models.ForeignKey):
            values[name] = media.document(raw, name, found) if raw else None
        elif isinstance(model_field, models.BooleanField):
            values[name] = _clean_bool(raw if raw is not None else model_field.default, name, found)
        else:
            values[name] = _clean_model_field(model, name, raw, found)

    values.update(_body_values(model, body, media, found))
    if any(p.file == relative for p in problems):
        return None
    return PagePlan(
        relative, content_path, model, slug, order, values, page_links, inline_pages, search_terms
    )


def _clean_search_terms(raw: Any, found: _FileProblems) -> tuple[str, ...]:
    """``search_terms``: searches for which the page is promoted, stored as the search view
    matches them (core.text.search_key: words only, lower case)."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(term, str) and term.strip() for term in raw):
        found.add("search_terms", "must be a list of words or phrases")
        return ()
    return tuple(dict.fromkeys(search_key(term) for term in raw))


def _spec_name(spec: str | InlinePages) -> str:
    return spec.key if isinstance(spec, InlinePages) else spec


def _page_model(type_name: Any, found: _FileProblems) -> type[BasePage] | None:
    if not isinstance(type_name, str) or "." not in type_name:
        found.add("type", "is required, as app_label.modelname (for example practice.rolepage)")
        return None
    try:
        model = apps.get_model(type_name)
    except (LookupError, ValueError):
        found.add("type", f"'{type_name}' is not a page type")
        return None
    if not issubclass(model, BasePage):
        found.add("type", f"'{type_name}' is not a page type the content loader can fill")
        return None
    return model


def _clean_model_field(model, name: str, raw: Any, found: _FileProblems, required: bool = False):
    model_field = model._meta.get_field(name)
    if raw is None or raw == "":
        if required or not model_field.blank:
            found.add(name, "is required")
        return None if model_field.null else ""
    if isinstance(raw, (dict, list)):
        found.add(name, "must be a single value")
        return None
    if isinstance(model_field, (models.CharField, models.TextField)):
        raw = str(raw).strip()
    try:
        return model_field.clean(raw, None)
    except ValidationError as error:
        found.add(name, " ".join(error.messages))
        return None


def _clean_bool(raw: Any, name: str, found: _FileProblems) -> bool:
    if not isinstance(raw, bool):
        found.add(name, "must be true or false")
        return False
    return raw


def _clean_path_list(raw: Any, name: str, found: _FileProblems) -> list[str]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        found.add(name, "must be a list of page paths, such as the-model/motivational-interviewing")
        return []
    return [item.strip("/") for item in raw]


# The Markdown body ------------------------------------------------------------------


def _body_values(model, body: str, media: _MediaFiles, found: _FileProblems) -> dict[str, Any]:
    if model.content_sections:
        sections = _split_sections(body, model.content_sections, found)
        return {
            field_name: _stream_value(model, field_name, sections.get(heading, ""), media, found)
            for heading, field_name in model.content_sections.items()
        }
    if model.content_body:
        return {model.content_body: _stream_value(model, model.content_body, body, media, found)}
    if body.strip():
        found.add("body", "this page type takes no Markdown body")
    return {}


def _split_sections(body: str, sections: dict[str, str], found: _FileProblems) -> dict[str, str]:
    """Split the body on its ``## `` headings (outside fenced blocks) into the named sections."""
    parts: dict[str, list[str]] = {}
    current: str | None = None
    preamble: list[str] = []
    in_fence = False
    for line in body.splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
        heading = None if in_fence else SECTION_HEADING.match(line)
        if heading:
            current = heading["heading"]
            if current not in sections:
                found.add(
                    f"section '{current}'",
                    f"is not a section of this page; use {_quoted(sections)}",
                )
            elif current in parts:
                found.add(f"section '{current}'", "appears twice")
            parts.setdefault(current, [])
        elif current is None:
            preamble.append(line)
        else:
            parts[current].append(line)
    if "".join(preamble).strip():
        found.add("body", f"text before the first section; start with one of {_quoted(sections)}")
    for heading in sections:
        if not "\n".join(parts.get(heading, [])).strip():
            found.add(f"section '{heading}'", "is missing or empty")
    return {heading: "\n".join(lines) for heading, lines in parts.items()}


def _quoted(sections: dict[str, str]) -> str:
    return ", ".join(f"'## {heading}'" for heading in sections)


def _stream_value(model, field_name: str, text: str, media: _MediaFiles, found: _FileProblems):
    """Markdown with ```block:<type> fences, as the raw data of the page's StreamField."""
    stream_field: StreamField = model._meta.get_field(field_name)
    stream_block = stream_field.stream_block
    raw: list[dict[str, Any]] = []
    position = 0
    for match in BLOCK_FENCE.finditer(text):
        raw.extend(_text_blocks(text[position : match.start()], field_name, found))
        raw.append(
            _fenced_block(
                stream_block, match["type"], match["body"], field_name, len(raw) + 1, media, found
            )
        )
        position = match.end()
    raw.extend(_text_blocks(text[position:], field_name, found))
    if "```block:" in BLOCK_FENCE.sub("", text):
        found.add(field_name, "a ```block: fence is not closed with ``` on its own line")
    raw = [block for block in raw if block is not None]
    if not raw and not stream_field.blank:
        found.add(field_name, "is required")
    return raw


def _text_blocks(text: str, field_name: str, found: _FileProblems) -> list[dict[str, Any]]:
    if not text.strip():
        return []
    return [{"type": "text", "value": _markdown_html(text, field_name, found)}]


def _markdown_html(text: str, field_name: str, found: _FileProblems) -> str:
    html = markdown.markdown(text.strip(), extensions=["sane_lists"], output_format="html")
    unsupported = sorted({tag.lower() for tag in HTML_TAG.findall(html)} - RICH_TEXT_TAGS)
    if unsupported:
        found.add(
            field_name,
            f"uses Markdown the rich text cannot hold ({', '.join('<' + t + '>' for t in unsupported)}): "
            "use paragraphs, ## to #### headings, lists, links, bold and italic",
        )
    for tag, attributes in OPENING_TAG.findall(html):
        for attribute in ATTRIBUTE.findall(attributes):
            if (tag.lower(), attribute.lower()) != ("a", "href"):
                found.add(
                    field_name,
                    f"uses the HTML attribute '{attribute}', which the rich text cannot hold",
                )
    for href in HREF.findall(html):
        if not SAFE_HREF.match(href):
            found.add(
                field_name,
                f"links to '{href}': use an https, http or mailto address, or a path on this site",
            )
    return html


def _fenced_block(
    stream_block, block_type: str, body: str, field_name: str, number: int, media, found
) -> dict[str, Any] | None:
    label = f"{field_name} › block {number} ({block_type})"
    child = stream_block.child_blocks.get(block_type)
    if child is None or block_type == "text":
        choices = ", ".join(name for name in stream_block.child_blocks if name != "text")
        found.add(label, f"is not a block type; use one of {choices}")
        return None
    try:
        data = yaml.safe_load(body) or {}
    except yaml.YAMLError as error:
        found.add(label, f"is not valid YAML: {error}")
        return None
    if not isinstance(data, dict):
        found.add(label, "must be YAML fields such as 'text: ...'")
        return None
    known = set(child.child_blocks) if isinstance(child, blocks.StructBlock) else set()
    for unknown in sorted(set(data) - known):
        found.add(
            f"{label} › {unknown}",
            f"is not a field of this block; it takes {', '.join(sorted(known))}",
        )
    value: dict[str, Any] = {}
    for name, child_block in child.child_blocks.items():
        item, where = data.get(name), f"{label} › {name}"
        if item is None or item == "":
            if child_block.required:
                found.add(where, "is required")
            continue
        if isinstance(child_block, DocumentChooserBlock):
            value[name] = media.document(item, where, found)
        elif isinstance(child_block, ImageChooserBlock):
            value[name] = media.image(item, where, found)
        else:
            if isinstance(child_block, blocks.RichTextBlock):
                item = _markdown_html(str(item), where, found)
            try:
                child_block.clean(child_block.to_python(item))
            except ValidationError as error:
                found.add(where, _stream_error_message(error))
            value[name] = item
    return {"type": block_type, "value": value}


def _stream_error_message(error: ValidationError) -> str:
    block_errors = getattr(error, "block_errors", None)
    if isinstance(block_errors, dict) and block_errors:
        return "; ".join(f"{name}: {_stream_error_message(e)}" for name, e in block_errors.items())
    if isinstance(block_errors, list) and block_errors:
        return "; ".join(_stream_error_message(e) for e in block_errors if e)
    return " ".join(error.messages)


class _MediaFiles:
    """Documents and images named by content files, imported once and reused while unchanged."""

    def __init__(self, content_dir: Path):
        self.content_dir = content_dir
        self.pending: dict[Path, str] = {}  # file -> "document" or "image"
        self.written: list = []  # files stored by this run, deleted again if it fails

    def document(self, raw: Any, name: str, found: _FileProblems) -> str | None:
        return self._register(raw, name, found, "document", ("documents",))

    def image(self, raw: Any, name: str, found: _FileProblems) -> str | None:
        return self._register(raw, name, found, "image", ("images",))

    def _register(self, raw, name, found, kind, folders) -> str | None:
        if not isinstance(raw, str):
            found.add(name, f"must be the path of a file under content/{folders[0]}/")
            return None
        path = (self.content_dir / raw).resolve()
        inside = any(path.is_relative_to((self.content_dir / f).resolve()) for f in folders)
        if not inside or not path.is_file():
            found.add(name, f"'{raw}' is not a file under content/{folders[0]}/")
            return None
        self.pending[path] = kind
        # The normalised path (no ./ or ..) is the key import_all's ids use.
        return path.relative_to(self.content_dir.resolve()).as_posix()

    def delete_written(self) -> None:
        for stored in self.written:
            stored.storage.delete(stored.name)

    def import_all(self) -> dict[str, int]:
        """Import every referenced file; returns content-relative path -> object id."""
        ids: dict[str, int] = {}
        for path, kind in self.pending.items():
            model = get_document_model() if kind == "document" else get_image_model()
            data = path.read_bytes()
            file_hash = hashlib.sha1(data, usedforsecurity=False).hexdigest()
            existing = model.objects.filter(file_hash=file_hash).order_by("pk").first()
            if existing is None:
                existing = model(title=_title_from_file(path))
                with path.open("rb") as handle:
                    existing.file = File(handle, name=path.name)
                    existing.file_hash = file_hash
                    if kind == "image":
                        existing._set_image_file_metadata()
                    else:
                        existing._set_document_file_metadata()
                    existing.save()
                self.written.append(existing.file)
            ids[path.relative_to(self.content_dir.resolve()).as_posix()] = existing.pk
        return ids


def _title_from_file(path: Path) -> str:
    return path.stem.replace("-", " ").replace("_", " ").capitalize()


def _check_tree(plans: list[PagePlan], problems: list[ContentProblem], all_paths: set[str]) -> None:
    """Parents exist and accept the child's type; linked pages exist."""
    by_path = {plan.content_path: plan for plan in plans}
    for plan in plans:
        found = _FileProblems(plan.file, problems)
        if plan.parent_path is not None:
            parent = by_path.get(plan.parent_path)
            if parent is None and plan.parent_path in all_paths:
                continue  # the parent's file is invalid and reported on its own
            if parent is None:
                expected = f"{plan.parent_path}/_index.md" if plan.parent_path else "home.md"
                found.add("-", f"its parent page has no file ({expected})")
                continue
            if not _can_be_child(plan.model, parent.model):
                found.add(
                    "type",
                    f"a {plan.model._meta.verbose_name} cannot go under a {parent.model._meta.verbose_name}",
                )
        links = [
            *(
                (name, paths, plan.model._meta.get_field(name).related_model)
                for name, paths in plan.page_links.items()
            ),
            *((spec.key, paths, Page) for spec, paths in plan.inline_pages.items()),
        ]
        for name, paths, target_model in links:
            for path in paths:
                target = by_path[path].model if path in by_path else _existing_page_model(path)
                if target is None and path not in all_paths:
                    found.add(name, f"links to '{path}', which is not a page")
                elif target is not None and not issubclass(target, target_model):
                    found.add(
                        name,
                        f"links to '{path}', which is not a page of type '{target_model._meta.verbose_name}'",
                    )


def _can_be_child(model, parent_model) -> bool:
    return (
        parent_model in model.allowed_parent_page_models()
        and model in parent_model.allowed_subpage_models()
    )


def _existing_page_model(path: str) -> type[Page] | None:
    """The type of a page already in the tree at ``path`` (one made in the admin), if any."""
    home = _home_page()
    page = Page.objects.filter(url_path=f"{home.url_path}{path}/").first() if home else None
    return page.specific_class if page else None


# Writing ----------------------------------------------------------------------------


def _home_page() -> Page | None:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page if site else None


def _write_pages(
    plans: list[PagePlan], media: _MediaFiles, report: LoadReport, problems: list[ContentProblem]
) -> None:
    """Two passes: every page exists with its fields, then links are set and changes published."""
    media_ids = media.import_all()
    pages: dict[str, Page] = {}
    written: list[tuple[PagePlan, Page, bool, bool]] = []
    for plan in plans:
        parent = pages.get(plan.parent_path) if plan.parent_path is not None else None
        if plan.parent_path is not None and parent is None:
            continue  # the parent failed; its own problem is reported
        with _problems_of(plan, problems):
            page, created, changed = _write_fields(plan, _with_media_ids(plan, media_ids), parent)
            pages[plan.content_path] = page
            written.append((plan, page, created, changed))

    for plan, page, created, changed in written:
        with _problems_of(plan, problems):
            changed = _set_links(page, plan, pages) or changed
            path = plan.content_path or "home"
            if created or (changed and page.live):
                page.live = True
                page.full_clean()
                page.save_revision(log_action=False).publish(log_action=False)
            elif changed:
                # An editor unpublished it (a story whose consent was withdrawn, say): the
                # change waits as a draft and the page stays unpublished.
                page.save_revision(log_action=False)
                report.drafts.append(path)
            getattr(report, "created" if created else "updated" if changed else "unchanged").append(
                path
            )
            _promote(page, plan.search_terms)


def _promote(page: Page, terms: tuple[str, ...]) -> None:
    """Make the page the promoted result for exactly its file's search terms."""
    SearchPromotion.objects.filter(page=page).exclude(query__query_string__in=terms).delete()
    promoted = set(
        SearchPromotion.objects.filter(page=page).values_list("query__query_string", flat=True)
    )
    for term in terms:
        if term not in promoted:
            query, _ = Query.objects.get_or_create(query_string=term)
            SearchPromotion.objects.create(query=query, page=page, sort_order=0)


@contextmanager
def _problems_of(plan: PagePlan, problems: list[ContentProblem]):
    """A savepoint per file; a validation error becomes that file's problem."""
    found = _FileProblems(plan.file, problems)
    try:
        with transaction.atomic():
            yield
    except ValidationError as error:
        for name, messages in _error_items(error):
            found.add(name, " ".join(messages))


def _with_media_ids(plan: PagePlan, media_ids: dict[str, int]) -> dict[str, Any]:
    def resolve(value):
        if isinstance(value, list):
            return [resolve(item) for item in value]
        if isinstance(value, dict):
            return {
                key: media_ids[item]
                if key in ("document", "image") and isinstance(item, str)
                else resolve(item)
                for key, item in value.items()
            }
        return value

    values = {}
    for name, value in plan.values.items():
        model_field = plan.model._meta.get_field(name)
        if isinstance(model_field, models.ForeignKey):
            values[f"{name}_id"] = media_ids[value] if value else None
        else:
            values[name] = resolve(value)
    return values


def _write_fields(
    plan: PagePlan, values: dict[str, Any], parent: Page | None
) -> tuple[Page, bool, bool]:
    page = _find_page(plan, parent)
    if page is not None:
        return page, False, _apply(page, values)
    page = plan.model(slug=plan.slug, live=False, **values)
    if parent is None:  # no home page yet (an emptied tree): make it the default site's root
        root = Page.get_first_root_node() or Page.add_root(
            title="Root", locale=Locale.get_default()
        )
        root.add_child(instance=page)
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "root_page": page}
        )
    else:
        parent.add_child(instance=page)
    return page, True, True


def _find_page(plan: PagePlan, parent: Page | None) -> Page | None:
    if parent is None:
        page = _home_page()
        page = page.specific if page is not None else None
    else:
        page = parent.get_children().filter(slug=plan.slug).specific().first()
    if page is not None and not isinstance(page, plan.model):
        raise ValidationError(
            {
                "type": f"a {type(page)._meta.verbose_name} already has this place in the tree; "
                "change its type in the admin or rename this file"
            }
        )
    return page


def _apply(page: Page, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        current = getattr(page, name)
        model_field = page._meta.get_field(name)  # also finds a foreign key by its attname
        if isinstance(model_field, StreamField):
            same = _stream_data(current) == _stream_data(model_field.to_python(value))
        else:
            same = current == value
        if not same:
            setattr(page, name, value)
            changed = True
    return changed


def _stream_data(stream_value) -> list:
    """A StreamField's stored data without block ids, for comparing content."""

    def strip_ids(data):
        if isinstance(data, list):
            return [strip_ids(item) for item in data]
        if isinstance(data, dict):
            return {key: strip_ids(value) for key, value in data.items() if key != "id"}
        return data

    return strip_ids(stream_value.get_prep_value())


def _set_links(page: Page, plan: PagePlan, pages: dict[str, Page]) -> bool:
    changed = False
    for name, paths in plan.page_links.items():
        targets = [_resolve(path, pages) for path in paths]
        current = {p.pk for p in getattr(page, name).all()}
        if current != {t.pk for t in targets}:
            getattr(page, name).set(targets)
            changed = True
    for spec, paths in plan.inline_pages.items():
        targets = [_resolve(path, pages) for path in paths]
        relation = getattr(page, spec.relation)
        current = [getattr(row, f"{spec.page_field}_id") for row in relation.all()]
        if current != [t.pk for t in targets]:
            setattr(
                page,
                spec.relation,
                [
                    relation.model(**{spec.page_field: target, "sort_order": i})
                    for i, target in enumerate(targets)
                ],
            )
            changed = True
    return changed


def _resolve(path: str, pages: dict[str, Page]) -> Page:
    if path in pages:
        return pages[path]
    home = _home_page()
    return Page.objects.get(url_path=f"{home.url_path}{path}/")


def _error_items(error: ValidationError) -> Iterable[tuple[str, list[str]]]:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            label = "-" if name == "__all__" else name
            yield label, [m for e in errors for m in e.messages]
    else:
        yield "-", error.messages
