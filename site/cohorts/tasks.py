"""Background work of the cohorts app: the Excel file of every answer of a cohort, which takes
seconds for a large cohort (cohorts.exports)."""

from django_tasks import task

from cohorts import exports
from cohorts.models import AnswersExport


@task()
def build_answers_export_task(*, export_id: int) -> None:
    export = AnswersExport.objects.select_related("cohort", "user").filter(pk=export_id).first()
    if export is not None:
        exports.build_answers_export(export=export)
