"""Reads of the outcomes app that depend on who is asking."""

from django.db.models import QuerySet

from official_statistics.permissions import can_import_statistics
from outcomes.models import StatisticsUpload


def uploads_of(*, user) -> QuerySet[StatisticsUpload]:
    """The statistics uploads ``user`` may follow: their own, while they may still import."""
    if not can_import_statistics(user=user):
        return StatisticsUpload.objects.none()
    return StatisticsUpload.objects.filter(user=user)
