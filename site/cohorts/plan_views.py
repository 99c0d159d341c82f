"""A council's milestone plan: read it, change one milestone, see its timeline. Thin views.

Every view finds its council through ``authorities.selectors.authority_for``: only members
of that council get anything; another council's user, a reviewer (who reads plans in the
reviewer workspace) and staff get a 404; anonymous users are sent to sign in.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from authorities.choices import AuditAction
from authorities.models import AuditEvent
from authorities.permissions import authorities_for
from authorities.selectors import authority_for
from cohorts import charts, selectors, services
from cohorts.choices import MilestoneStatus
from cohorts.forms import MilestoneForm
from cohorts.models import Milestone, MilestoneEntry
from core.charts import cached_svg, chart_cache_key, svg_chart_policy, svg_response
from core.conflicts import form_differences, rebased

TIMELINE_CHART = "milestone-timeline"


@login_required
@require_GET
def plan_list(request):
    authorities = list(authorities_for(user=request.user).order_by("name"))
    return render(request, "cohorts/plan/list.html", {"authorities": authorities})


@login_required
@require_GET
def plan(request, authority_pk: int):
    authority = authority_for(user=request.user, pk=authority_pk)
    today = timezone.localdate()
    milestone_plan = selectors.milestone_plan(authority, today=today)
    # The chart's address changes with its data, so a browser never shows a stale timeline.
    chart_version = chart_cache_key(TIMELINE_CHART, milestone_plan.timeline_data(today))[-12:]
    return render(
        request,
        "cohorts/plan/plan.html",
        {
            "authority": authority,
            "plan": milestone_plan,
            "total": len(milestone_plan.rows),
            "today": today,
            "chart_version": chart_version,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_milestone(request, authority_pk: int, milestone_slug: str):
    authority = authority_for(user=request.user, pk=authority_pk)
    milestone = get_object_or_404(Milestone, slug=milestone_slug)
    entry = MilestoneEntry.objects.filter(authority=authority, milestone=milestone).first()
    form = MilestoneForm(
        request.POST if request.method == "POST" else None,
        initial={
            "revision": entry.revision if entry else 0,
            "target_date": entry.target_date if entry else None,
            "actual_date": entry.actual_date if entry else None,
            "status": entry.status if entry else MilestoneStatus.NOT_STARTED,
            "note": entry.note if entry else "",
        },
    )
    conflict, changes = None, []
    if request.method == "POST" and form.is_valid():
        try:
            services.update_milestone(
                user=request.user,
                authority=authority,
                milestone=milestone,
                base_revision=form.cleaned_data["revision"],
                target_date=form.cleaned_data["target_date"],
                actual_date=form.cleaned_data["actual_date"],
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except services.MilestoneConflict as refused:
            # The person's answers stay, now on the revision saved, to save again if they wish.
            conflict, entry = refused, refused.entry
            form = MilestoneForm(rebased(request.POST, revision=refused.revision))
            form.is_valid()
            changes = form_differences(form, refused.theirs)
            form.add_error(None, refused.message)
        except services.MilestoneError as error:
            for field, message in error.problems.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, f"‘{milestone.title}’ has been updated.")
            return redirect("milestones:plan", authority_pk=authority.pk)
    return render(
        request,
        "cohorts/plan/edit.html",
        {
            "authority": authority,
            "milestone": milestone,
            "entry": entry,
            "form": form,
            "conflict": conflict,
            "changes": changes,
        },
        status=409 if conflict else 200,
    )


@svg_chart_policy
@login_required
@require_GET
def timeline_chart(request, authority_pk: int):
    authority = authority_for(user=request.user, pk=authority_pk)
    today = timezone.localdate()
    data = selectors.milestone_plan(authority, today=today).timeline_data(today)
    # Browsers may keep it for an hour: the plan page's link to it changes with its data.
    return svg_response(
        cached_svg(
            kind=TIMELINE_CHART, data=data, render=lambda: charts.milestone_timeline_svg(**data)
        )
    )


@login_required
@require_GET
def history(request, authority_pk: int):
    """The council's milestone changes, newest first (the assessment histories hold the rest)."""
    authority = authority_for(user=request.user, pk=authority_pk)
    events = AuditEvent.objects.filter(
        authority=authority, action=AuditAction.MILESTONE_UPDATED
    ).select_related("user")
    return render(request, "cohorts/plan/history.html", {"authority": authority, "events": events})
