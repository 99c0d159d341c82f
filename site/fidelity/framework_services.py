"""Writes to the framework: freezing, copying a version, choosing the current one.

A version that any submitted assessment uses is frozen: its scores must stay reproducible, so
it cannot change. To change the framework, copy the version as a new one and edit the copy.
"""

from __future__ import annotations

from django.db import transaction

from fidelity.choices import AssessmentStatus
from fidelity.models import Assessment, Domain, FrameworkVersion, Indicator


def is_frozen(framework: FrameworkVersion) -> bool:
    """True when an assessment that is no longer a draft uses this version."""
    if framework.pk is None:
        return False
    return (
        Assessment.objects.filter(framework=framework)
        .exclude(status=AssessmentStatus.DRAFT)
        .exists()
    )


def frozen_message(framework: FrameworkVersion) -> str:
    """The refusal shown wherever a frozen version would change."""
    return (
        f"Framework version {framework.version} is used by submitted assessments, so it is "
        "frozen: it cannot be changed or deleted. Copy it as a new version and edit the copy."
    )


@transaction.atomic
def copy_framework(
    *, framework: FrameworkVersion, version: str, title: str | None = None
) -> FrameworkVersion:
    """A new, not-current version holding copies of every domain and indicator."""
    version = version.strip()
    if not version:
        raise ValueError("Give the new version a version number.")
    if FrameworkVersion.objects.filter(version=version).exists():
        raise ValueError(f"Version {version} already exists: choose another version number.")
    copy = FrameworkVersion.objects.create(
        version=version,
        title=(title or "").strip() or framework.title,
        green_threshold=framework.green_threshold,
        amber_threshold=framework.amber_threshold,
        reference_shown_while_answering=framework.reference_shown_while_answering,
        is_current=False,
    )
    for domain in framework.domains.order_by("sort_order", "pk"):
        domain_copy = Domain.objects.create(
            framework=copy,
            slug=domain.slug,
            title=domain.title,
            description=domain.description,
            weight=domain.weight,
            sort_order=domain.sort_order,
        )
        Indicator.objects.bulk_create(
            Indicator(
                framework=copy,
                domain=domain_copy,
                slug=indicator.slug,
                title=indicator.title,
                weight=indicator.weight,
                critical=indicator.critical,
                reference_level=indicator.reference_level,
                allows_na=indicator.allows_na,
                descriptor_0=indicator.descriptor_0,
                descriptor_1=indicator.descriptor_1,
                descriptor_2=indicator.descriptor_2,
                evidence_prompt=indicator.evidence_prompt,
                reference_source=indicator.reference_source,
                reference_basis=indicator.reference_basis,
                context_checks=indicator.context_checks,
                sort_order=indicator.sort_order,
            )
            for indicator in domain.indicators.order_by("sort_order", "pk")
        )
    return copy


@transaction.atomic
def make_current(*, framework: FrameworkVersion) -> None:
    """Make this the one version new assessments use."""
    # The old current version is cleared first: the database allows one current row at a time.
    FrameworkVersion.objects.filter(is_current=True).exclude(pk=framework.pk).update(
        is_current=False
    )
    FrameworkVersion.objects.filter(pk=framework.pk).update(is_current=True)
    framework.is_current = True
