"""The reviewer workspace: cohorts, the overview, charts, council drill-down and review decisions.

Every view starts from ``selectors.cohort_for``: a cohort not assigned to the reviewer, or a
council or assessment outside it, is a 404. Reviewers read council data; what they write is
the review: decisions, reopening their own, and comments.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohorts import analysis, charts, exports, selectors, services
from cohorts.permissions import cohorts_for
from cohorts.review_forms import (
    ReopenDecisionForm,
    ReviewCommentForm,
    ReviewDecisionForm,
    submission_time,
)
from core.charts import cached_svg, svg_chart_policy, svg_response
from core.conflicts import rebased
from fidelity import consensus_selectors
from fidelity import selectors as fidelity_selectors
from fidelity.choices import READABLE_STATUSES, REVIEWABLE_STATUSES, ReviewOutcome
from fidelity.consensus import Agreement
from fidelity.models import Assessment, Indicator
from fidelity.services import AssessmentError
from fidelity.views import evidence_response, radar_response

SORT_LABELS = {
    "council": "Council",
    "overall": "Overall",
    "change": "Change",
    "done": "Milestones done",
    "late": "Late",
    "stage": "Stage",
    "submitted": "Last submitted",
}


@login_required
@require_GET
def cohort_list(request):
    """The cohorts the user reviews; with none, a page saying there is nothing to show."""
    cohorts = cohorts_for(user=request.user).prefetch_related("councils")
    return render(request, "cohorts/review/cohort_list.html", {"cohorts": cohorts})


@login_required
@require_GET
def overview(request, cohort_pk: int):
    cohort = selectors.cohort_for(user=request.user, pk=cohort_pk)
    sort = request.GET.get("sort", "council")
    sort = sort if sort in SORT_LABELS else "council"
    descending = request.GET.get("order") == "desc"
    round_filter = selectors.round_filter(request.GET.get("round", ""))
    result = selectors.cohort_overview(
        cohort, round_filter=round_filter, sort=sort, descending=descending
    )
    reference = {d["slug"]: d["score"] for d in result.data.reference.get("domains", [])}
    reference_council = fidelity_selectors.validated_reference_round()
    council_domains = (
        {d["slug"]: d["score"] for d in reference_council.assessment.scores["domains"]}
        if reference_council
        else {}
    )
    rows = analysis.records(result.frame)
    returned = selectors.returned_rounds(cohort)
    due_dates = list(cohort.rounds.all())
    overdue = selectors.overdue_rounds(result, due_dates)
    for row in rows:
        row["overdue_rounds"] = overdue.get(row["authority_id"], [])
        row["returned"] = returned.get(row["authority_id"], [])
        row["domains"] = [
            (title, row[f"score:{slug}"], row[f"rag:{slug}"]) for slug, title in result.data.domains
        ]
    query = {"round": round_filter} if round_filter is not None else {}
    headers = [
        {
            "key": key,
            "label": label,
            "current": key == sort,
            "order": "desc" if key == sort and descending else "asc" if key == sort else "none",
            "next": "asc" if key == sort and descending else "desc" if key == sort else "asc",
        }
        for key, label in SORT_LABELS.items()
    ]
    return render(
        request,
        "cohorts/review/overview.html",
        {
            "cohort": cohort,
            "rows": rows,
            "due_dates": due_dates,
            "overdue_count": len(overdue),
            "domains": result.data.domains,
            "overview_columns": exports.overview_columns(result.data.domains),
            "answer_columns": exports.ANSWER_COLUMNS,
            "agreement_columns": exports.AGREEMENT_COLUMNS,
            "headers": {h["key"]: h for h in headers},
            "medians": [result.medians.get(f"score:{slug}") for slug, _ in result.data.domains],
            "median_overall": result.medians.get("overall"),
            "reference_domains": [reference.get(slug) for slug, _ in result.data.domains],
            "reference_overall": result.data.reference.get("overall"),
            "reference_council": reference_council,
            "reference_council_overall": reference_council.assessment.scores["overall"]
            if reference_council
            else None,
            "reference_council_domains": [
                council_domains.get(slug) for slug, _ in result.data.domains
            ],
            "rounds": [(months, analysis.round_label(months)) for months in result.rounds],
            "round_filter": round_filter,
            "query": query,
            "sort": sort,
            "descending": descending,
            "rounds_table": _rounds_summary(result),
            "milestone_total": len(result.data.milestone_slugs),
            "round_label": None if round_filter is None else analysis.round_label(round_filter),
            "milestone_years": analysis.milestones_by_year(
                result.data.entries, analysis.councils_frame(result.data.councils)
            ),
        },
    )


def _rounds_summary(result) -> dict:
    return analysis.rounds_summary(result.data.assessments, result.data.councils)


def _cohort_chart(request, cohort_pk: int, *, kind: str, build, draw):
    """A cohort chart, cached under a cheap fingerprint of its inputs: the overview is built
    (``build``) and the chart drawn (``draw``) only when something it shows has changed."""
    cohort = selectors.cohort_for(user=request.user, pk=cohort_pk)
    round_filter = selectors.round_filter(request.GET.get("round", ""))
    key = selectors.cohort_fingerprint(cohort) | {"round": round_filter}

    def render() -> str:
        return draw(**build(selectors.cohort_overview(cohort, round_filter=round_filter)))

    return svg_response(cached_svg(kind=kind, data=key, render=render))


def _heatmap_data(result) -> dict:
    rows = analysis.records(result.frame)
    reference = {d["slug"]: d["score"] for d in result.data.reference.get("domains", [])}
    slugs = [slug for slug, _ in result.data.domains]
    return {
        "councils": [r["council"] for r in rows] + ["Cohort median", "Model standard"],
        "domains": [title for _, title in result.data.domains],
        "scores": [[r[f"score:{slug}"] for slug in slugs] for r in rows]
        + [
            [result.medians.get(f"score:{slug}") for slug in slugs],
            [reference.get(slug) for slug in slugs],
        ],
    }


def _rounds_data(result) -> dict:
    summary = _rounds_summary(result)
    return {
        "rounds": summary["rounds"],
        "series": dict(summary["rows"]),
        "reference": result.data.reference.get("overall"),
        "median": summary["medians"],
    }


def _milestones_data(result) -> dict:
    years, rows = analysis.milestones_by_year(
        result.data.entries, analysis.councils_frame(result.data.councils)
    )
    return {
        "dates": [datetime.date(year, 12, 31) for year in years],
        "series": dict(rows),
        "total": len(result.data.milestone_slugs),
    }


@svg_chart_policy
@login_required
@require_GET
def heatmap_chart(request, cohort_pk: int):
    return _cohort_chart(
        request,
        cohort_pk,
        kind="cohort-heatmap",
        build=_heatmap_data,
        draw=charts.cohort_heatmap_svg,
    )


@svg_chart_policy
@login_required
@require_GET
def rounds_chart(request, cohort_pk: int):
    return _cohort_chart(
        request, cohort_pk, kind="cohort-rounds", build=_rounds_data, draw=charts.cohort_rounds_svg
    )


@svg_chart_policy
@login_required
@require_GET
def milestones_chart(request, cohort_pk: int):
    return _cohort_chart(
        request,
        cohort_pk,
        kind="cohort-milestones",
        build=_milestones_data,
        draw=charts.milestones_over_time_svg,
    )


@login_required
@require_GET
def council(request, cohort_pk: int, authority_pk: int):
    cohort = selectors.cohort_for(user=request.user, pk=cohort_pk)
    authority = selectors.cohort_council(cohort=cohort, pk=authority_pk)
    assessments = list(
        Assessment.objects.filter(authority=authority, status__in=REVIEWABLE_STATUSES)
        .select_related("framework", "submitted_by")
        .prefetch_related("review_decisions")
        .order_by("round")
    )
    readable = [a for a in assessments if a.status in READABLE_STATUSES]
    latest = readable[-1] if readable else None
    results = fidelity_selectors.assessment_results(latest) if latest else None
    return render(
        request,
        "cohorts/review/council.html",
        {
            "cohort": cohort,
            "authority": authority,
            "assessments": assessments,
            "latest": latest,
            "results": results,
            "history": fidelity_selectors.round_history(latest) if latest else [],
            "plan": selectors.milestone_plan(authority),
            "agreements": _agreements(readable),
        },
    )


@svg_chart_policy
@login_required
@require_GET
def council_timeline(request, cohort_pk: int, authority_pk: int):
    cohort = selectors.cohort_for(user=request.user, pk=cohort_pk)
    plan = selectors.milestone_plan(selectors.cohort_council(cohort=cohort, pk=authority_pk))
    data = plan.timeline_data(timezone.localdate())
    return svg_response(
        cached_svg(
            kind="milestone-timeline",
            data=data,
            render=lambda: charts.milestone_timeline_svg(**data),
        )
    )


@login_required
@require_GET
def assessment(request, cohort_pk: int, assessment_pk: int):
    cohort = selectors.cohort_for(user=request.user, pk=cohort_pk)
    # A returned round stays reachable, with its review, while the council changes it.
    item = selectors.cohort_assessment(
        cohort=cohort, pk=assessment_pk, statuses=REVIEWABLE_STATUSES
    )
    return render(
        request, "cohorts/review/assessment.html", _assessment_context(request, cohort, item)
    )


def _agreements(assessments: list[Assessment]) -> list[tuple[Assessment, Agreement]]:
    """The team agreement of each round its members rated on their own, in round order."""
    found = consensus_selectors.agreements_of(assessments)
    return [(a, found[a.pk]) for a in assessments if a.pk in found]


def _assessment_context(request, cohort, item, form=None, comment_form=None) -> dict:
    """The review page: a readable round's results and answers; for a returned one, which the
    council is changing, only its review."""
    readable = item.status in READABLE_STATUSES
    results = fidelity_selectors.assessment_results(item) if readable else None
    decisions = list(item.review_decisions.select_related("reviewer", "reopening"))
    return {
        "agreement": consensus_selectors.assessment_agreement(item),
        "cohort": cohort,
        "authority": item.authority,
        "assessment": item,
        "results": results,
        "second": fidelity_selectors.reference_comparison(results) if readable else None,
        "summary": fidelity_selectors.check_answers_summary(item) if readable else [],
        "evidence": list(item.evidence_files.select_related("indicator")) if readable else [],
        "threads": selectors.review_threads(item),
        "reopenable": selectors.reopenable_decision(
            assessment=item, user=request.user, decisions=decisions
        ),
        "changes": selectors.changes_since_return(item),
        "form": form or ReviewDecisionForm(initial={"submitted_at": submission_time(item)}),
        "comment_form": comment_form or ReviewCommentForm(indicators=_indicators(item)),
    }


def _indicators(item: Assessment) -> list[Indicator]:
    return list(Indicator.objects.filter(framework=item.framework_id).select_related("domain"))


def _reviewed_assessment(request, cohort_pk: int, assessment_pk: int) -> Assessment:
    cohort = selectors.cohort_for(user=request.user, pk=cohort_pk)
    return selectors.cohort_assessment(cohort=cohort, pk=assessment_pk)


@svg_chart_policy
@login_required
@require_GET
def assessment_radar(request, cohort_pk: int, assessment_pk: int):
    return radar_response(_reviewed_assessment(request, cohort_pk, assessment_pk))


@login_required
@require_GET
def evidence_file(request, cohort_pk: int, assessment_pk: int, file_pk: int):
    assessment = _reviewed_assessment(request, cohort_pk, assessment_pk)
    return evidence_response(request, assessment, file_pk, by="reviewer")


@login_required
@require_POST
def decide(request, cohort_pk: int, assessment_pk: int):
    cohort = selectors.cohort_for(user=request.user, pk=cohort_pk)
    # A round returned since the page was drawn is found too, so the service can say so.
    item = selectors.cohort_assessment(
        cohort=cohort, pk=assessment_pk, statuses=REVIEWABLE_STATUSES
    )
    form = ReviewDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.review_submission(
                reviewer=request.user,
                cohort=cohort,
                assessment=item,
                submitted_at=form.cleaned_data["submitted_at"],
                outcome=form.cleaned_data["outcome"],
                comment=form.cleaned_data["comment"],
            )
        except services.SubmissionChanged as changed:
            return _decision_refused(request, cohort, changed)
        except AssessmentError as error:
            # A return without a comment is the comment box's error; anything else is the form's.
            missing_comment = (
                form.cleaned_data["outcome"] == ReviewOutcome.RETURNED
                and not form.cleaned_data["comment"].strip()
            )
            form.add_error("comment" if missing_comment else None, str(error))
        else:
            messages.success(
                request,
                f"{item.authority.name}'s {item.get_round_display()} assessment has been "
                + ("validated." if form.cleaned_data["outcome"] == "validated" else "returned."),
            )
            return redirect("review:council", cohort_pk=cohort.pk, authority_pk=item.authority_id)
    if item.status not in READABLE_STATUSES:
        raise Http404("The cohort has no such submission.")
    return render(
        request,
        "cohorts/review/assessment.html",
        _assessment_context(request, cohort, item, form),
        status=200,
    )


def _decision_refused(request, cohort, changed: services.SubmissionChanged):
    """The submission as it stands now, with why the decision was not recorded. The reviewer's
    choice and comment are kept, on the current submission, to decide again once checked."""
    current = changed.assessment
    if current.status not in READABLE_STATUSES:
        # Returned: the council is changing it, and reviewers read it again once resubmitted.
        messages.error(request, str(changed))
        return redirect("review:council", cohort_pk=cohort.pk, authority_pk=current.authority_id)
    again = ReviewDecisionForm(
        rebased(request.POST, revision=submission_time(current), field="submitted_at")
    )
    again.is_valid()
    again.add_error(None, str(changed))
    return render(
        request,
        "cohorts/review/assessment.html",
        _assessment_context(request, cohort, current, again),
        status=409,
    )


@login_required
@require_POST
def comment(request, cohort_pk: int, assessment_pk: int):
    """A reviewer's comment on an indicator or the whole submission; on a problem the review
    page again, with the comment kept."""
    cohort = selectors.cohort_for(user=request.user, pk=cohort_pk)
    item = selectors.cohort_assessment(
        cohort=cohort, pk=assessment_pk, statuses=REVIEWABLE_STATUSES
    )
    form = ReviewCommentForm(request.POST, indicators=_indicators(item))
    if form.is_valid():
        key = form.cleaned_data["thread"]
        try:
            services.comment_on_submission(
                reviewer=request.user,
                cohort=cohort,
                assessment=item,
                indicator=selectors.thread_indicator(item, key),
                body=form.cleaned_data["body"],
            )
        except services.ReviewTextError as error:
            form.add_error("body", str(error))
        else:
            messages.success(request, "Your comment has been added. The council has been told.")
            url = reverse(
                "review:assessment", kwargs={"cohort_pk": cohort.pk, "assessment_pk": item.pk}
            )
            return redirect(f"{url}#thread-{key}")
    return render(
        request,
        "cohorts/review/assessment.html",
        _assessment_context(request, cohort, item, comment_form=form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request, cohort_pk: int, assessment_pk: int, decision_pk: int):
    """A reviewer reopens their own decision, giving a reason; anyone else's is a 404."""
    cohort = selectors.cohort_for(user=request.user, pk=cohort_pk)
    item = selectors.cohort_assessment(
        cohort=cohort, pk=assessment_pk, statuses=REVIEWABLE_STATUSES
    )
    decision = item.review_decisions.filter(pk=decision_pk, reviewer=request.user).first()
    if decision is None:
        raise Http404("You made no such decision on this round.")
    form = ReopenDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen_decision(
                reviewer=request.user,
                cohort=cohort,
                decision=decision,
                reason=form.cleaned_data["reason"],
            )
        except services.ReviewTextError as error:
            form.add_error("reason", str(error))
        except AssessmentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Your decision has been reopened. {item.authority.name}'s "
                f"{item.get_round_display()} assessment is waiting for a decision again.",
            )
            return redirect(
                "review:assessment", cohort_pk=cohort.pk, assessment_pk=decision.assessment_id
            )
    return render(
        request,
        "cohorts/review/reopen.html",
        {
            "cohort": cohort,
            "authority": item.authority,
            "assessment": item,
            "decision": decision,
            "form": form,
        },
    )
