"""The site's URLs and, for bench/public_pages.py only, a bare Django view: a body of the size
asked for, under the same middleware, which it is measured against. Never in the product."""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def bare(request, size: int):
    response = HttpResponse(b"x" * size, content_type="text/html; charset=utf-8")
    # Kept out of the page cache, so that every request reaches this view.
    response["Cache-Control"] = "private"
    return response


urlpatterns = [path("bench-bare/<int:size>/", bare), *site_urlpatterns]
