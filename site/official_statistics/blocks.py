"""StreamField blocks that show imported official figures on content pages."""

from wagtail import blocks

from official_statistics.measures import CatalogueError, measure_catalogue
from official_statistics.trends import area_trend, latest_with_value


def measure_choices() -> list[tuple[str, str]]:
    try:
        return [(m.slug, m.label) for m in measure_catalogue().measures]
    except CatalogueError:
        return []


class OfficialTrendBlock(blocks.StructBlock):
    """A council's measure before and since it adopted the model, from the imported DfE
    figures: worked out when the page is shown, so a new import updates it."""

    measure = blocks.ChoiceBlock(
        choices=measure_choices, help_text="A measure of content/statistics/measures.yaml."
    )
    area_code = blocks.RegexBlock(
        regex=r"^E\d{8}$",
        error_messages={"invalid": "An ONS code is E followed by eight digits."},
        help_text="The council's ONS code, such as E10000015 for Hertfordshire.",
    )
    before = blocks.RegexBlock(
        regex=r"^\d{4}$",
        error_messages={"invalid": "Give a year as DfE publishes it, such as 2014."},
        help_text="The last year before the council adopted the model, as DfE publishes it.",
    )
    adopted = blocks.CharBlock(
        max_length=60,
        help_text='When the council adopted the model, as the sources put it: "2014/15".',
    )

    class Meta:
        icon = "table"
        template = "official_statistics/blocks/official_trend.html"
        description = "A measure before and since adoption, from the imported official figures"
        preview_value = {
            "measure": "child-protection-plan-rate",
            "area_code": "E10000015",
            "before": "2014",
            "adopted": "2014/15",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        catalogue = measure_catalogue()
        measure = catalogue.get(value["measure"])
        if measure is None:  # taken out of the catalogue since the page was written
            context.update({"catalogue": catalogue, "missing_measure": value["measure"]})
            return context
        trend = area_trend(measure, catalogue, value["area_code"])
        before = trend.area.get(value["before"])
        latest_period = latest_with_value(trend.area)
        if latest_period is not None and latest_period <= value["before"]:
            latest_period = None  # nothing since adoption yet
        # The whole series is shown: a change from one year before adoption can mislead when
        # that year was unusual, so no single percentage change is headlined.
        first_period = next(
            (p for p in sorted(trend.area) if trend.area[p].value is not None), None
        )
        context.update(
            {
                "catalogue": catalogue,
                "trend": trend,
                "before": before,
                "latest": trend.area.get(latest_period),
                "latest_period": latest_period,
                "first": trend.area.get(first_period)
                if first_period and first_period < value["before"]
                else None,
                "first_period": first_period,
            }
        )
        return context
