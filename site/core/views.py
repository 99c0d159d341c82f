from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.template.response import TemplateResponse
from django.views.decorators.csrf import requires_csrf_token

from wagtail.models import Page, Site

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        # .public() keeps pages behind a privacy restriction out of the results.
        site = Site.find_for_request(request)
        found = Page.objects.live().public().in_site(site).specific().search(query)
        results = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "core/search.html",
        {"query": query, "results": results, "query_string": urlencode({"q": query})},
    )


def privacy(request):
    """The privacy notice: its retention period and contact come from the settings."""
    return TemplateResponse(
        request,
        "core/privacy.html",
        {
            "retention_years": settings.RETENTION_YEARS,
            "contact_email": settings.PRIVACY_CONTACT_EMAIL,
        },
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # Rendered without the request, so no context processor (or database query) runs:
    # the error may have come from either.
    return HttpResponseServerError(loader.get_template("500.html").render())
