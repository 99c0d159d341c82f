"""Read, check and load content/fidelity/framework.yaml (format: content/fidelity/README.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from django.db import transaction

import yaml

from core.content_loader import ContentProblem
from fidelity import context
from fidelity.choices import NOT_DESCRIBED, ReferenceSource
from fidelity.framework_services import is_frozen, make_current
from fidelity.models import (
    Answer,
    Domain,
    EvidenceFile,
    FrameworkVersion,
    Indicator,
    PlannedAction,
)
from fidelity.scoring import DomainSpec, FrameworkSpec, IndicatorSpec, Thresholds, framework_spec

FRAMEWORK_FILE = Path("fidelity") / "framework.yaml"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MIN_INDICATORS, MAX_INDICATORS = 4, 8
DOMAIN_KEYS = {"slug", "title", "description", "weight", "indicators"}
INDICATOR_KEYS = {
    "slug",
    "title",
    "weight",
    "critical",
    "reference_level",
    "allows_na",
    "descriptors",
    "evidence_prompt",
    "reference_basis",
    "context_checks",
}
CHECK_KEYS = {"level", "measure", *context.CHECK_TESTS}
SOURCE_KEYS = {"title", "publisher", "date", "describes"}
BASIS_KEYS = {"source", "says"}
NO_SOURCE = "none"


@dataclass(frozen=True)
class IndicatorText:
    descriptors: tuple[str, str, str]
    evidence_prompt: str
    reference_source: str = ReferenceSource.NONE
    reference_basis: str = ""
    # Each a mapping: level ("0", "1" or "2"), measure (a key of context.MEASURES) and one of
    # context.CHECK_TESTS with the figure the level's descriptor states.
    context_checks: tuple[dict, ...] = ()


@dataclass(frozen=True)
class Source:
    """A published document that reference levels may rest on (the file's ``sources``)."""

    title: str
    publisher: str
    date: str
    describes: str

    def cite(self) -> str:
        return f"{self.title} ({self.publisher}, {self.date})"


@dataclass(frozen=True)
class FrameworkDocument:
    """The framework as scored (``spec``) plus the words shown to councils."""

    spec: FrameworkSpec
    domain_descriptions: dict[str, str]
    indicator_text: dict[str, IndicatorText]


def read_framework(path: Path) -> tuple[FrameworkDocument | None, list[str]]:
    """Parse and check the file; returns the document, or None and every problem found."""
    problems: list[str] = []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, ["the file does not exist"]
    except yaml.YAMLError as error:
        return None, [f"is not valid YAML: {error}"]
    if not isinstance(data, dict):
        return None, ["must be a YAML mapping with version, title, thresholds and domains"]

    version = _text(data, "version", "version", problems)
    title = _text(data, "title", "title", problems)
    thresholds = _thresholds(data.get("thresholds"), problems)
    sources = _sources(data.get("sources"), problems)
    raw_domains = data.get("domains")
    if not isinstance(raw_domains, list) or not raw_domains:
        problems.append("domains: must be a list of domains")
        raw_domains = []

    domains, descriptions, texts = [], {}, {}
    domain_slugs: set[str] = set()
    indicator_slugs: set[str] = set()
    for number, raw in enumerate(raw_domains, start=1):
        where = f"domains[{number}]"
        if not isinstance(raw, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        where = f"domain {raw.get('slug', number)}"
        _unknown_keys(raw, DOMAIN_KEYS, where, problems)
        slug = _slug(raw, where, domain_slugs, problems)
        indicators = []
        raw_indicators = raw.get("indicators")
        if (
            not isinstance(raw_indicators, list)
            or not MIN_INDICATORS <= len(raw_indicators) <= MAX_INDICATORS
        ):
            problems.append(
                f"{where}: indicators: give {MIN_INDICATORS} to {MAX_INDICATORS} indicators"
            )
            raw_indicators = raw_indicators if isinstance(raw_indicators, list) else []
        for raw_indicator in raw_indicators:
            indicator = _indicator(raw_indicator, where, indicator_slugs, problems, texts, sources)
            if indicator is not None:
                indicators.append(indicator)
        domains.append(
            DomainSpec(
                slug=slug,
                title=_text(raw, "title", f"{where}: title", problems),
                indicators=tuple(indicators),
                weight=_positive(raw, "weight", f"{where}: weight", problems),
            )
        )
        descriptions[slug] = str(raw.get("description") or "").strip()

    if problems:
        return None, problems
    spec = FrameworkSpec(
        version=version, title=title, thresholds=thresholds, domains=tuple(domains)
    )
    return FrameworkDocument(spec, descriptions, texts), []


def _indicator(raw, domain_where, seen, problems, texts, sources) -> IndicatorSpec | None:
    if not isinstance(raw, dict):
        problems.append(f"{domain_where}: each indicator must be a mapping")
        return None
    where = f"indicator {raw.get('slug', '?')}"
    _unknown_keys(raw, INDICATOR_KEYS, where, problems)
    slug = _slug(raw, where, seen, problems)
    reference_level = raw.get("reference_level", 2)
    if type(reference_level) is not int or reference_level not in (0, 1, 2):
        problems.append(f"{where}: reference_level: must be 0, 1 or 2")
        reference_level = 2
    descriptors = raw.get("descriptors")
    if not isinstance(descriptors, dict) or {str(k) for k in descriptors} != {"0", "1", "2"}:
        problems.append(f'{where}: descriptors: give exactly "0", "1" and "2"')
        descriptors = {}
    descriptor_texts = tuple(
        str(descriptors.get(k, descriptors.get(int(k), ""))).strip() for k in "012"
    )
    if descriptors and not all(descriptor_texts):
        problems.append(f"{where}: descriptors: none may be empty")
    source, basis = _reference_basis(raw.get("reference_basis"), sources, where, problems)
    texts[slug] = IndicatorText(
        descriptor_texts,
        _text(raw, "evidence_prompt", f"{where}: evidence_prompt", problems),
        source,
        basis,
        _context_checks(raw.get("context_checks"), where, problems),
    )
    return IndicatorSpec(
        slug=slug,
        title=_text(raw, "title", f"{where}: title", problems),
        weight=_positive(raw, "weight", f"{where}: weight", problems),
        critical=_flag(raw, "critical", where, problems),
        reference_level=reference_level,
        allows_na=_flag(raw, "allows_na", where, problems),
    )


def _context_checks(raw: Any, where: str, problems: list[str]) -> tuple[dict, ...]:
    """The indicator's checks against the context section, each as the database keeps it."""
    if raw is None:
        return ()
    where = f"{where}: context_checks"
    if not isinstance(raw, list):
        problems.append(f"{where}: must be a list of checks")
        return ()
    measures = ", ".join(context.MEASURES)
    checks = []
    for number, check in enumerate(raw, start=1):
        at = f"{where}[{number}]"
        if not isinstance(check, dict):
            problems.append(f"{at}: give level, measure and one of at_least, below or is")
            continue
        _unknown_keys(check, CHECK_KEYS, at, problems)
        level = check.get("level")
        if type(level) is not int or level not in (0, 1, 2):
            problems.append(f"{at}: level: must be 0, 1 or 2")
            continue
        measure = context.MEASURES.get(check.get("measure"))
        if measure is None:
            problems.append(f"{at}: measure: must be one of {measures}")
            continue
        tests = [test for test in context.CHECK_TESTS if test in check]
        if len(tests) != 1:
            problems.append(f"{at}: give one of at_least, below or is")
            continue
        test, figure = tests[0], check[tests[0]]
        if measure.is_yes_no != (test == "is"):
            problems.append(
                f"{at}: {test}: {check['measure']} is "
                + ("yes or no: use is: true or false" if measure.is_yes_no else "a number")
            )
            continue
        if test == "is" and not isinstance(figure, bool):
            problems.append(f"{at}: is: must be true or false")
            continue
        if test != "is" and (type(figure) is not int or not 0 <= figure <= 100):
            problems.append(f"{at}: {test}: must be a whole number from 0 to 100")
            continue
        checks.append({"level": str(level), "measure": check["measure"], test: figure})
    return tuple(checks)


def _sources(raw: Any, problems: list[str]) -> dict[str, Source]:
    """The file's ``sources``: key -> title, publisher, date (or "date not given"), describes."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append("sources: must be a mapping of source keys to their details")
        return {}
    sources = {}
    for key, details in raw.items():
        where = f"sources: {key}"
        if not isinstance(key, str) or not SLUG.fullmatch(key) or key == NO_SOURCE:
            problems.append(f"{where}: use lower-case letters, digits and hyphens (not 'none')")
            continue
        if not isinstance(details, dict):
            problems.append(f"{where}: give title, publisher, date and describes")
            continue
        _unknown_keys(details, SOURCE_KEYS, where, problems)
        describes = details.get("describes")
        if describes not in (ReferenceSource.HERTFORDSHIRE, ReferenceSource.MODEL):
            problems.append(f"{where}: describes: must be hertfordshire or model")
        sources[key] = Source(
            title=_text(details, "title", f"{where}: title", problems),
            publisher=_text(details, "publisher", f"{where}: publisher", problems),
            date=_text(details, "date", f"{where}: date", problems),
            describes=str(describes),
        )
    return sources


def _reference_basis(
    raw: Any, sources: dict[str, Source], where: str, problems: list[str]
) -> tuple[str, str]:
    """What the reference level rests on: (ReferenceSource, the sentence pages show)."""
    where = f"{where}: reference_basis"
    if not isinstance(raw, dict):
        problems.append(f"{where}: is required: give source (a key from sources, or none) and says")
        return ReferenceSource.NONE, ""
    _unknown_keys(raw, BASIS_KEYS, where, problems)
    key = raw.get("source")
    says = raw.get("says")
    says = says.strip() if isinstance(says, str) else ""
    if key == NO_SOURCE:
        return ReferenceSource.NONE, f"{NOT_DESCRIBED} {says}".strip()
    if key not in sources:
        known = ", ".join([*sorted(sources), NO_SOURCE])
        problems.append(f"{where}: source: '{key}' is not one of the file's sources ({known})")
        return ReferenceSource.NONE, ""
    if not says:
        problems.append(f"{where}: says: say what the source says, in a sentence or two")
        return ReferenceSource.NONE, ""
    source = sources[key]
    return source.describes, f"{source.cite()}: {says}"


def _text(data: dict, key: str, where: str, problems: list[str]) -> str:
    value = data.get(key)
    if (
        not isinstance(value, (str, int, float))
        or isinstance(value, bool)
        or not str(value).strip()
    ):
        problems.append(f"{where}: is required")
        return ""
    return str(value).strip()


def _slug(data: dict, where: str, seen: set[str], problems: list[str]) -> str:
    slug = data.get("slug")
    if not isinstance(slug, str) or not SLUG.fullmatch(slug):
        problems.append(f"{where}: slug: use lower-case letters, digits and hyphens")
        return str(slug)
    if slug in seen:
        problems.append(f"{where}: slug: '{slug}' is used twice")
    seen.add(slug)
    return slug


def _positive(data: dict, key: str, where: str, problems: list[str]) -> int:
    value = data.get(key, 1)
    if type(value) is not int or value < 1:
        problems.append(f"{where}: must be a whole number of 1 or more")
        return 1
    return value


def _flag(data: dict, key: str, where: str, problems: list[str]) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        problems.append(f"{where}: {key}: must be true or false")
        return False
    return value


def _thresholds(raw: Any, problems: list[str]) -> Thresholds:
    if raw is None:
        return Thresholds()
    if not isinstance(raw, dict) or set(raw) - {"green", "amber"}:
        problems.append("thresholds: give green and amber, such as {green: 80, amber: 50}")
        return Thresholds()
    green, amber = raw.get("green", 80), raw.get("amber", 50)
    if not all(type(v) is int and 0 < v <= 100 for v in (green, amber)) or amber >= green:
        problems.append(
            "thresholds: green and amber must be whole numbers from 1 to 100, amber below green"
        )
        return Thresholds()
    return Thresholds(green=green, amber=amber)


def _unknown_keys(data: dict, allowed: set[str], where: str, problems: list[str]) -> None:
    for key in sorted(set(data) - allowed, key=str):
        problems.append(f"{where}: {key}: is not a field; use {', '.join(sorted(allowed))}")


@transaction.atomic
def save_framework(document: FrameworkDocument) -> str:
    """Store the document as the current version; returns created, updated or unchanged.

    An existing version is updated in place, matching domains and indicators on their slugs,
    so the rows that assessments answer keep their primary keys.
    """
    spec = document.spec
    existing = FrameworkVersion.objects.filter(version=spec.version).first()
    if existing is not None and stored_framework(existing) == document:
        status = "unchanged"
        framework = existing
    else:
        status = "updated" if existing else "created"
        framework, _ = FrameworkVersion.objects.update_or_create(
            version=spec.version,
            defaults={
                "title": spec.title,
                "green_threshold": spec.thresholds.green,
                "amber_threshold": spec.thresholds.amber,
            },
        )
        _update_rows(framework, document)
    if not framework.is_current:
        make_current(framework=framework)
    return status


def _update_rows(framework: FrameworkVersion, document: FrameworkDocument) -> None:
    """Make the version's domains and indicators those of the document, matched by slug."""
    domains = {domain.slug: domain for domain in framework.domains.all()}
    indicators = {indicator.slug: indicator for indicator in framework.indicators.all()}
    for domain_order, domain in enumerate(document.spec.domains):
        domain_row = _save_row(
            domains.get(domain.slug) or Domain(framework=framework, slug=domain.slug),
            title=domain.title,
            description=document.domain_descriptions[domain.slug],
            weight=domain.weight,
            sort_order=domain_order,
        )
        domains[domain.slug] = domain_row
        for indicator_order, indicator in enumerate(domain.indicators):
            text = document.indicator_text[indicator.slug]
            _save_row(
                indicators.get(indicator.slug)
                or Indicator(framework=framework, slug=indicator.slug),
                domain_id=domain_row.pk,
                title=indicator.title,
                weight=indicator.weight,
                critical=indicator.critical,
                reference_level=indicator.reference_level,
                allows_na=indicator.allows_na,
                descriptor_0=text.descriptors[0],
                descriptor_1=text.descriptors[1],
                descriptor_2=text.descriptors[2],
                evidence_prompt=text.evidence_prompt,
                reference_source=text.reference_source,
                reference_basis=text.reference_basis,
                context_checks=list(text.context_checks),
                sort_order=indicator_order,
            )
    # Indicators first: a removed domain's indicators may have moved to another domain.
    framework.indicators.exclude(slug__in=document.indicator_text).delete()
    framework.domains.exclude(slug__in=document.domain_descriptions).delete()


def _save_row(row, **values):
    """Save the row if it is new or any value differs; returns it."""
    changed = row.pk is None
    for name, value in values.items():
        if getattr(row, name, None) != value:
            setattr(row, name, value)
            changed = True
    if changed:
        row.save()
    return row


def stored_framework(framework: FrameworkVersion) -> FrameworkDocument:
    domains = list(framework.domains.prefetch_related("indicators"))
    indicators = [i for domain in domains for i in domain.indicators.all()]
    spec = framework_spec(framework, indicators, domains)
    return FrameworkDocument(
        spec,
        {domain.slug: domain.description for domain in domains},
        {
            i.slug: IndicatorText(
                (i.descriptor_0, i.descriptor_1, i.descriptor_2),
                i.evidence_prompt,
                i.reference_source,
                i.reference_basis,
                tuple(i.context_checks),
            )
            for domain in domains
            for i in domain.indicators.all()
        },
    )


class FrameworkContent:
    """The content source core's load_content calls: checked first, written in its transaction."""

    name = "fidelity framework"

    def __init__(self):
        self.document: FrameworkDocument | None = None

    def check(self, content_dir: Path) -> list[ContentProblem]:
        path = content_dir / FRAMEWORK_FILE
        if not path.exists():
            return []  # a content folder without a framework (pages only) is fine
        self.document, problems = read_framework(path)
        if self.document is not None:
            problems.extend(_database_problems(self.document))
        return [ContentProblem(FRAMEWORK_FILE.as_posix(), *_split(problem)) for problem in problems]

    def write(self) -> str | None:
        if self.document is None:
            return None
        status = save_framework(self.document)
        return f"{self.name} {self.document.spec.version}: {status}"


def _database_problems(document: FrameworkDocument) -> list[str]:
    """What the file may not change in a version the database already holds."""
    version = document.spec.version
    existing = FrameworkVersion.objects.filter(version=version).first()
    if existing is None:
        return []
    problems = []
    # The checks against the context section score nothing, so a frozen version may gain them.
    if is_frozen(existing) and _scored(stored_framework(existing)) != _scored(document):
        problems.append(
            f"version: {version} is used by submitted assessments and cannot change; "
            "give the file a new version number"
        )
    removed = existing.indicators.exclude(slug__in=document.indicator_text)
    answered = sorted(
        set(Answer.objects.filter(indicator__in=removed).values_list("indicator__slug", flat=True))
        | set(
            EvidenceFile.objects.filter(indicator__in=removed).values_list(
                "indicator__slug", flat=True
            )
        )
        | set(
            PlannedAction.objects.filter(indicator__in=removed).values_list(
                "indicator__slug", flat=True
            )
        )
    )
    problems.extend(
        f"indicator {slug}: assessments of version {version} have answered it, so it cannot be "
        "removed; keep it or give the file a new version number"
        for slug in answered
    )
    return problems


def _scored(document: FrameworkDocument) -> FrameworkDocument:
    """The document without what a frozen version may still change."""
    return replace(
        document,
        indicator_text={
            slug: replace(text, context_checks=()) for slug, text in document.indicator_text.items()
        },
    )


def _split(problem: str) -> tuple[str, str]:
    where, _, message = problem.partition(": ")
    return (where, message) if message else ("-", problem)
