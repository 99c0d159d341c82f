"""Fidelity against outcomes in the reviewer workspace: /review/<cohort>/outcomes/. Only the
cohort's reviewers see it (any other cohort is a 404), as with the rest of the workspace."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cohorts.selectors import cohort_for
from core.charts import cached_svg, svg_chart_policy, svg_response
from official_statistics.measures import measure_catalogue
from outcomes import charts
from outcomes.fidelity_outcomes import fidelity_against_outcomes


@login_required
@require_GET
def fidelity_outcomes(request, cohort_pk: int):
    cohort = cohort_for(user=request.user, pk=cohort_pk)
    return render(
        request,
        "outcomes/review/fidelity_outcomes.html",
        {"cohort": cohort, "scatters": fidelity_against_outcomes(cohort, measure_catalogue())},
    )


@svg_chart_policy
@login_required
@require_GET
def scatter_chart(request, cohort_pk: int, slug: str):
    cohort = cohort_for(user=request.user, pk=cohort_pk)
    scatter = next(iter(fidelity_against_outcomes(cohort, measure_catalogue(), only=slug)), None)
    if scatter is None or not scatter.plotted:
        raise Http404("No council has both figures.")
    data = scatter.chart_data()
    return svg_response(
        cached_svg(
            kind="fidelity-outcomes", data=data, render=lambda: charts.scatter_chart_svg(**data)
        )
    )
