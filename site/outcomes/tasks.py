"""Background work of the outcomes app: importing an official-statistics file uploaded
through the site, so a big file never holds up a page (outcomes.services)."""

from django_tasks import task

from outcomes import services
from outcomes.models import StatisticsUpload


@task()
def import_statistics_upload(*, upload_id: int) -> None:
    upload = StatisticsUpload.objects.select_related("user").filter(pk=upload_id).first()
    if upload is not None:
        services.import_statistics_upload(upload=upload)
