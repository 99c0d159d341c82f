"""Pages of a round rated independently: the task list, "Rate on your own" per domain, opening
the consensus step and the consensus step per domain. Thin: reads from consensus_selectors,
writes through consensus_services; the assessment comes from ``selectors.assessment_for``, so
another council's round is a 404 whatever the URL."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from authorities.permissions import is_lead
from core.conflicts import EditConflict, differences, rebased
from fidelity import consensus_selectors, consensus_services, selectors, services
from fidelity.consensus import LEVEL_LABELS
from fidelity.consensus_forms import ConsensusForm, OwnRatingsForm
from fidelity.models import Assessment, Section


def _independent(request, pk: int) -> Assessment:
    assessment = selectors.assessment_for(user=request.user, pk=pk)
    if not assessment.is_independent:
        raise Http404("In this round the council keeps one shared set of answers.")
    return assessment


def task_list(request, assessment: Assessment):
    """The task list of a round rated independently (called by views.task_list)."""
    lead = is_lead(user=request.user, authority=assessment.authority)
    tasks = selectors.task_list_summary(assessment)
    return render(
        request,
        "fidelity/task_list_independent.html",
        {
            "assessment": assessment,
            "tasks": tasks,
            "context_section": tasks.sections[0],
            "agreed_sections": tasks.sections[1:],
            "own": consensus_selectors.own_domains(assessment, request.user),
            "members": consensus_selectors.member_progress(assessment),
            "review": assessment.review_decisions.select_related("reviewer").first(),
            "is_lead": lead,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rate_domain(request, pk: int, domain_slug: str):
    assessment = _independent(request, pk)
    domain = consensus_selectors.domain_of(assessment, domain_slug)
    if not assessment.is_editable:
        return redirect("fidelity:results", pk=assessment.pk)
    if assessment.consensus_open:
        messages.info(
            request, "The consensus step is open, so your own ratings can no longer change."
        )
        return redirect("fidelity:consensus", pk=assessment.pk, domain_slug=domain.slug)
    indicators = list(domain.indicators.all())
    partial = "save_for_later" in request.POST
    if request.method == "POST":
        form = OwnRatingsForm(request.POST, indicators=indicators, partial=partial)
    else:
        own = consensus_selectors.own_ratings(assessment, request.user, domain)
        initial = {}
        for slug, (level, note) in own.items():
            initial |= {f"{slug}-level": level, f"{slug}-note": note}
        form = OwnRatingsForm(initial=initial, indicators=indicators)
    domains = list(assessment.framework.domains.all())
    index = next(i for i, d in enumerate(domains) if d.pk == domain.pk)
    if request.method == "POST" and form.is_valid():
        try:
            consensus_services.save_own_ratings(
                assessment=assessment,
                user=request.user,
                domain_slug=domain.slug,
                values=form.values(),
            )
        except services.AssessmentError as error:
            messages.error(request, str(error))
            return redirect("fidelity:task_list", pk=assessment.pk)
        if partial or index + 1 == len(domains):
            messages.success(request, f"Your own ratings of ‘{domain.title}’ have been saved.")
            return redirect("fidelity:task_list", pk=assessment.pk)
        return redirect("fidelity:rate", pk=assessment.pk, domain_slug=domains[index + 1].slug)
    previous = domains[index - 1] if index else None
    return render(
        request,
        "fidelity/rate_domain.html",
        {
            "assessment": assessment,
            "domain": domain,
            "form": form,
            "section_number": index + 1,
            "section_count": len(domains),
            "previous_url": reverse("fidelity:rate", args=[assessment.pk, previous.slug])
            if previous
            else None,
        },
    )


@login_required
@require_POST
def open_consensus(request, pk: int):
    assessment = _independent(request, pk)
    try:
        consensus_services.open_consensus(assessment=assessment, user=request.user)
    except services.AssessmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, "The consensus step is open: everyone's ratings are now shown to the council."
        )
    return redirect("fidelity:task_list", pk=assessment.pk)


def _shown(value) -> str:
    level, note = value if value else (None, "")
    if not level:
        return "Not agreed yet"
    label = LEVEL_LABELS.get(level, level)
    return f"{label}. Note: {note}" if note else label


@login_required
@require_http_methods(["GET", "POST"])
def consensus_domain(request, pk: int, domain_slug: str):
    assessment = _independent(request, pk)
    domain = consensus_selectors.domain_of(assessment, domain_slug)
    rows = consensus_selectors.spreads(assessment, domain)  # 404 until the step is open
    lead = is_lead(user=request.user, authority=assessment.authority)
    can_record = lead and assessment.is_editable
    section = Section.objects.filter(assessment=assessment, key=domain.slug).first()
    revision = section.revision if section else 0
    form = None
    conflict, changes = None, []
    status = 200
    if can_record:
        if request.method == "POST":
            form = ConsensusForm(request.POST, rows=rows)
        else:
            form = ConsensusForm(initial=ConsensusForm.initial_for(rows, revision), rows=rows)
    elif request.method == "POST":
        raise PermissionDenied("Only a council lead can record the agreed answers.")
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            consensus_services.record_consensus(
                assessment=assessment,
                user=request.user,
                domain_slug=domain.slug,
                values=form.values(),
                base_revision=form.cleaned_data["revision"],
            )
        except services.SectionConflict as refused:
            theirs = refused.theirs
            conflict = EditConflict(
                what=f"the agreed answers to ‘{domain.title}’",
                revision=refused.section.revision,
                saved_by=selectors.person(refused.section.updated_by),
                saved_at=refused.section.updated_at,
                theirs=theirs,
            )
            mine = form.values()
            changes = differences(
                (
                    (row.indicator.title, theirs.get(row.indicator.slug), mine[row.indicator.slug])
                    for row in rows
                ),
                show=_shown,
            )
            form = ConsensusForm(rebased(request.POST, revision=conflict.revision), rows=rows)
            form.is_valid()
            form.add_error(None, conflict.message)
            status = 409
        except consensus_services.ConsensusProblems as refused:
            for slug, problem in refused.problems.items():
                form.add_error(f"{slug}-note", problem)
        except services.AssessmentError as error:
            messages.error(request, str(error))
            return redirect("fidelity:task_list", pk=assessment.pk)
        else:
            messages.success(request, f"The agreed answers to ‘{domain.title}’ have been saved.")
            return redirect("fidelity:task_list", pk=assessment.pk)
    domains = list(assessment.framework.domains.all())
    index = next(i for i, d in enumerate(domains) if d.pk == domain.pk)
    return render(
        request,
        "fidelity/consensus_domain.html",
        {
            "assessment": assessment,
            "domain": domain,
            "rows": form.rows() if form is not None else rows,
            "form": form,
            "can_record": can_record,
            "conflict": conflict,
            "changes": changes,
            "section_number": index + 1,
            "section_count": len(domains),
        },
        status=status,
    )
