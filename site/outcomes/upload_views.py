"""Uploading an official-statistics file through the site: the same import as the commands.

Statistics managers and superusers may upload (official_statistics.permissions); anyone else who
is signed in is refused (403), and anonymous users are sent to sign in. The file is kept and
imported by a background task (outcomes.services.start_statistics_upload); its status page
shows the import under way, then what changed, or why nothing was: the import is one
transaction, and writes nothing if the file has problems, which are listed with their line
numbers. The upload page lists the latest imports, from here and from the commands: the
statistics audit trail.
"""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.choices import WorkStatus
from official_statistics.permissions import can_import_statistics
from official_statistics.selectors import recent_imports
from outcomes import services
from outcomes.choices import StatisticsFile
from outcomes.selectors import uploads_of
from outcomes.upload_forms import UploadForm, max_upload_bytes

logger = logging.getLogger("outcomes.upload")

MAX_PROBLEMS_SHOWN = 50


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    if not can_import_statistics(user=request.user):
        raise PermissionDenied(
            "Only statistics managers and administrators import official statistics."
        )
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        original = form.cleaned_data["file"].name
        statistics_upload = services.start_statistics_upload(
            user=request.user,
            kind=kind,
            content=form.content,
            file_name=original,
            dataset=form.dataset_name() if kind == StatisticsFile.EES else "",
        )
        logger.info(
            "%s uploaded %s (%s, %s bytes) for import: upload %s",
            request.user.get_username(),
            original,
            kind,
            len(form.content),
            statistics_upload.pk,
        )
        return redirect("statistics:upload_status", pk=statistics_upload.pk)
    context = {"form": form, "max_bytes": max_upload_bytes(), "imports": recent_imports()}
    return render(request, "outcomes/upload/upload.html", context)


@never_cache
@login_required
@require_GET
def upload_status(request, pk: int):
    """How an upload's import stands: under way (with progress), done (what changed) or
    failed (why). Only its uploader sees it, while they may still import."""
    statistics_upload = get_object_or_404(
        uploads_of(user=request.user).select_related("user"), pk=pk
    )
    context = {"upload": statistics_upload, "file_name": statistics_upload.file_name}
    if statistics_upload.status == WorkStatus.DONE:
        template = (
            "outcomes/upload/neighbours_done.html"
            if statistics_upload.kind == StatisticsFile.NEIGHBOURS
            else "outcomes/upload/ees_done.html"
        )
        return render(request, template, context | {"report": statistics_upload.report})
    if statistics_upload.status == WorkStatus.FAILED:
        problems = statistics_upload.problems
        context |= {
            "problems": problems[:MAX_PROBLEMS_SHOWN],
            "more_problems": max(0, len(problems) - MAX_PROBLEMS_SHOWN),
        }
        return render(request, "outcomes/upload/failed.html", context)
    return render(request, "outcomes/upload/status.html", context)
