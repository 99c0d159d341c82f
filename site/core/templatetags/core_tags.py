from django import template
from django.template.defaultfilters import filesizeformat

from core.choices import NavigationArea
from core.navigation import app_navigation_links, breadcrumb_trail, navigation_sections
from core.sites import site_for_request

register = template.Library()


@register.inclusion_tag("core/includes/service_navigation.html", takes_context=True)
def service_navigation(context):
    """Two bars, each with the current place marked. The published kit's: the home page's
    children marked 'show in menus', the apps' public links and search. The signed-in
    service's ("Your work"): the apps' other links, and signing in or out."""
    request = context.get("request")
    site = site_for_request(request)
    if site is None:
        return {"items": []}
    current = context.get("page") or context.get("self")
    app_links = [
        {
            **link,
            "current": request.path == link["path"],
            "active": request.path.startswith(link["path"]),
        }
        for link in app_navigation_links(request)
    ]
    return {
        "search_current": request.resolver_match is not None
        and request.resolver_match.url_name == "search",
        "kit_links": [link for link in app_links if link["area"] == NavigationArea.KIT],
        "service_links": [link for link in app_links if link["area"] != NavigationArea.KIT],
        "user": request.user if hasattr(request, "user") else None,
        "csrf_token": context.get("csrf_token"),
        "request": request,
        "items": [
            {
                **section,
                "current": current is not None and current.pk == section["pk"],
                "active": current is not None and current.path.startswith(section["path"]),
            }
            for section in navigation_sections(site)
        ],
    }


@register.inclusion_tag("core/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """Ancestors of the current page below the tree root (the home page included)."""
    page = context.get("page") or context.get("self")
    if page is None or page.depth <= 2:
        return {"ancestors": []}
    return {"ancestors": breadcrumb_trail(page, context.get("request"))}


@register.filter
def document_meta(document) -> str:
    """'CSV, 2 KB' for a download link, so users know what they are about to get."""
    extension = document.file_extension.upper() or "File"
    try:
        size = document.get_file_size()
    except OSError:
        size = None
    return f"{extension}, {filesizeformat(size)}" if size else extension


@register.filter
def grouped_blocks(stream_value) -> list[dict]:
    """Runs of consecutive blocks of one type, so key figures can sit side by side in a grid."""
    groups: list[dict] = []
    for block in stream_value:
        if groups and groups[-1]["block_type"] == block.block_type:
            groups[-1]["blocks"].append(block)
        else:
            groups.append({"block_type": block.block_type, "blocks": [block]})
    return groups


@register.filter
def field_anchor(bound_field) -> str:
    """The id an error summary links to: the first radio or date box for grouped inputs."""
    widget = bound_field.field.widget
    if getattr(widget, "input_type", None) == "radio" or hasattr(widget, "widgets"):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id
