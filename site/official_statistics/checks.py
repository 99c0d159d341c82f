"""System check: the measure catalogue must read cleanly, so a broken file stops `check`
(and `make test`) instead of the outcomes pages."""

from django.core.checks import Error, register

from official_statistics.measures import catalogue_path, read_catalogue


@register()
def check_measure_catalogue(app_configs, **kwargs):
    _, problems = read_catalogue(catalogue_path())
    return [
        Error(f"Measure catalogue {catalogue_path()}: {problem}", id="official_statistics.E001")
        for problem in problems
    ]
