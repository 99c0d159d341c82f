"""Reads for the fidelity framework."""

from django.conf import settings

from fidelity.framework_file import (
    FRAMEWORK_FILE,
    FrameworkDocument,
    read_framework,
    stored_framework,
)
from fidelity.models import FrameworkVersion


class FrameworkUnavailable(Exception):
    pass


def current_framework() -> FrameworkDocument:
    """The current version from the database, or the content file if none is loaded yet."""
    framework = FrameworkVersion.objects.filter(is_current=True).first()
    if framework is not None:
        return stored_framework(framework)
    document, problems = read_framework(settings.CONTENT_DIR / FRAMEWORK_FILE)
    if document is None:
        raise FrameworkUnavailable(
            f"No framework is loaded and content/{FRAMEWORK_FILE.as_posix()} cannot be read: "
            + "; ".join(problems)
        )
    return document


def framework_as_dict(document: FrameworkDocument) -> dict:
    """The command-line contract's JSON shape (DESIGN.md section 3)."""
    spec = document.spec
    return {
        "version": spec.version,
        "thresholds": {"green": spec.thresholds.green, "amber": spec.thresholds.amber},
        "domains": [
            {
                "slug": domain.slug,
                "title": domain.title,
                "weight": domain.weight,
                "indicators": [
                    {
                        "slug": i.slug,
                        "title": i.title,
                        "weight": i.weight,
                        "critical": i.critical,
                        "reference_level": i.reference_level,
                        "allows_na": i.allows_na,
                    }
                    for i in domain.indicators
                ],
            }
            for domain in spec.domains
        ],
    }
