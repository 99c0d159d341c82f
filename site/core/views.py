from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET, require_http_methods

from wagtail import views as wagtail_views
from wagtail.models import Page

from core import services
from core.cookies import essential_cookies
from core.forms import FeedbackForm, page_path
from core.selectors import promoted_page_ids
from core.sites import site_for_request
from core.text import plain_words, visible

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def serve_page(request, path):
    """Wagtail's page view, with the request's site (and its root page) from the cache."""
    site_for_request(request)
    return wagtail_views.serve(request, path)


def search(request):
    query = visible(request.GET.get("q", "")).strip()[:MAX_QUERY_LENGTH]
    results = None
    # Only the words are searched for: the backends pass some punctuation through to the
    # database's full-text syntax (a lone double quote broke SQLite's FTS5 query). A query
    # with no word in it finds nothing.
    words = plain_words(query)
    promoted: list[Page] = []
    total = 0
    if words:
        # .public() keeps pages behind a privacy restriction out of the results.
        site = site_for_request(request)
        pages = Page.objects.live().public().in_site(site)
        promoted_ids = promoted_page_ids(query)
        found = pages.exclude(pk__in=promoted_ids).specific().search(" ".join(words))
        results = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        by_id = {page.pk: page for page in pages.filter(pk__in=promoted_ids).specific()}
        promoted = [by_id[pk] for pk in promoted_ids if pk in by_id]
        total = len(promoted) + results.paginator.count
        if results.number > 1:
            promoted = []  # shown first on the first page only
    return TemplateResponse(
        request,
        "core/search.html",
        {
            "query": query,
            "results": results,
            "promoted": promoted,
            "total": total,
            "query_string": urlencode({"q": query}),
        },
    )


def privacy(request):
    """The privacy notice: its retention period and contact come from the settings."""
    return TemplateResponse(
        request,
        "core/privacy.html",
        {
            "retention_years": settings.RETENTION_YEARS,
            "contact_email": settings.PRIVACY_CONTACT_EMAIL,
            "sign_in_records_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
    )


@require_http_methods(["GET", "POST"])
def feedback(request):
    """The form behind "Tell us what you think": anyone, signed in or not, sends feedback."""
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            services.send_feedback(**form.cleaned_data)
            sent = reverse("feedback_sent")
            page = form.cleaned_data["page"]
            return redirect(f"{sent}?{urlencode({'from': page})}" if page else sent)
    else:
        form = FeedbackForm(initial={"page": page_path(request.GET.get("from", ""))})
    return render(request, "core/feedback.html", {"form": form})


@require_GET
def feedback_sent(request):
    return render(
        request, "core/feedback_sent.html", {"came_from": page_path(request.GET.get("from", ""))}
    )


@require_GET
def cookies(request):
    return render(request, "core/cookies.html", {"cookies": essential_cookies()})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # Rendered without the request, so no context processor (or database query) runs:
    # the error may have come from either.
    return HttpResponseServerError(loader.get_template("500.html").render())
