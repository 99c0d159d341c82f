"""What apps above fidelity add to a council's assessment pages, which fidelity must not import
(cohorts adds the reviewer's comments and the council's replies)."""

from django.apps import apps

from fidelity.models import Assessment

# The pages that show panels, as ``page`` names them.
PAGES = ("task_list", "section", "submitted", "results", "history")


def assessment_panels(
    request, assessment: Assessment, *, page: str, section: str = ""
) -> list[str]:
    """HTML from each app whose AppConfig offers
    ``assessment_panel(request, assessment, page, section)`` (``section``: the key of the section
    a "section" page shows), in the order apps are installed; an app with nothing to show
    returns an empty string."""
    if page not in PAGES:
        raise ValueError(f"{page} is not a page with panels")
    panels = []
    for config in apps.get_app_configs():
        offer = getattr(config, "assessment_panel", None)
        if offer is not None:
            html = offer(request, assessment, page, section)
            if html:
                panels.append(html)
    return panels
