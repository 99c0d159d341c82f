"""Council outcomes pages under /outcomes/: official figures, published under the Open
Government Licence, so the pages are public. They show no council's own data: the local
returns stay on /returns/ for members and reviewers."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from authorities.models import Authority
from core.charts import cached_svg, svg_chart_policy, svg_response
from official_statistics import charts
from official_statistics.measures import measure_catalogue
from official_statistics.trends import outcome_profile


def outcome_index(request):
    authorities = Authority.objects.order_by("name")
    return render(request, "official_statistics/trends/index.html", {"authorities": authorities})


def authority_outcomes(request, ons_code: str):
    authority = get_object_or_404(Authority, ons_code=ons_code)
    catalogue = measure_catalogue()
    return render(
        request,
        "official_statistics/trends/authority.html",
        {
            "authority": authority,
            "catalogue": catalogue,
            "profile": outcome_profile(authority, catalogue),
        },
    )


@svg_chart_policy
def measure_chart(request, ons_code: str, slug: str):
    authority = get_object_or_404(Authority, ons_code=ons_code)
    catalogue = measure_catalogue()
    if catalogue.get(slug) is None:
        raise Http404("No such measure.")
    (trend,) = outcome_profile(authority, catalogue, only=slug).trends
    if not trend.periods:
        raise Http404("No figures for this measure.")
    data = trend.chart_data(
        council_name=authority.name, region_name=authority.region, go_live=authority.went_live
    )
    return svg_response(
        cached_svg(kind="outcome-trend", data=data, render=lambda: charts.trend_chart_svg(**data))
    )
