import json

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from accounts.permissions import can_export_personal_data
from accounts.personal_data import personal_data
from core.downloads import attachment


def export_personal_data(request, user_pk: int):
    """A JSON file of one person's own data, for the programme team to send them."""
    if not can_export_personal_data(user=request.user):
        raise PermissionDenied("Only administrators export a person's data.")
    person = get_object_or_404(get_user_model(), pk=user_pk)
    return attachment(
        json.dumps(personal_data(person=person), indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
        filename=f"personal-data-{slugify(person.get_username()) or person.pk}.json",
    )
