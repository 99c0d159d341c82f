"""Uploading an official-statistics file through the site: the same import as the commands.

Statistics managers and superusers may upload (official_statistics.permissions); anyone else who
is signed in is refused (403), and anonymous users are sent to sign in. The import
(outcomes.services.upload_statistics) is one transaction, and writes nothing if the file has
problems, which are listed with their line numbers. The page lists the latest imports, from
here and from the commands: the statistics audit trail.
"""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from official_statistics.permissions import can_import_statistics
from official_statistics.selectors import recent_imports
from outcomes import services
from outcomes.choices import StatisticsFile
from outcomes.upload_forms import UploadForm, max_upload_bytes

logger = logging.getLogger("outcomes.upload")

MAX_PROBLEMS_SHOWN = 50


def _problem_lines(problems) -> list[str]:
    lines = []
    for line, message in problems:
        message = message[:1].upper() + message[1:]
        lines.append(f"Line {line}: {message}" if line else message)
    return lines


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    if not can_import_statistics(user=request.user):
        raise PermissionDenied(
            "Only statistics managers and administrators import official statistics."
        )
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "max_bytes": max_upload_bytes(), "imports": recent_imports()}
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        original = form.cleaned_data["file"].name
        report = services.upload_statistics(
            user=request.user,
            kind=kind,
            content=form.content,
            file_name=original,
            dataset=form.dataset_name(),
        )
        if report.ok:
            logger.info(
                "%s uploaded %s (%s, %s bytes): created %s, updated %s, unchanged %s",
                request.user.get_username(),
                original,
                kind if kind == StatisticsFile.NEIGHBOURS else f"dataset {report.dataset}",
                len(form.content),
                report.created,
                report.updated,
                report.unchanged,
            )
            template = (
                "outcomes/upload/neighbours_done.html"
                if kind == StatisticsFile.NEIGHBOURS
                else "outcomes/upload/ees_done.html"
            )
            return render(request, template, {"report": report, "file_name": original})
        logger.info(
            "%s uploaded %s (%s): %s problems, nothing imported",
            request.user.get_username(),
            original,
            kind,
            len(report.problems),
        )
        problems = _problem_lines(report.problems)
        form.add_error(
            "file",
            f"The file has {len(problems)} problem{'s' if len(problems) != 1 else ''} and "
            "nothing from it was imported. Correct the file and upload it again",
        )
        context |= {
            "problems": problems[:MAX_PROBLEMS_SHOWN],
            "more_problems": max(0, len(problems) - MAX_PROBLEMS_SHOWN),
        }
    return render(request, "outcomes/upload/upload.html", context)
