from django.contrib import messages
from django.shortcuts import redirect

from wagtail import hooks

from practice.models import StoryPage
from practice.rules import BASIS_REQUIRED, missing_basis


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_of_unconfirmed_stories(
    request, action_type, objects, action_class_instance
):
    """Bulk publish would hit the model's refusal mid-way: refuse up front, with a message."""
    if action_type != "publish":
        return None
    unconfirmed = [
        page.title
        for page in objects
        if isinstance(page.specific, StoryPage) and missing_basis(page.specific)
    ]
    if not unconfirmed:
        return None
    messages.error(
        request,
        f"{BASIS_REQUIRED} Not confirmed: {', '.join(unconfirmed)}. Nothing was published.",
    )
    return redirect(request.GET.get("next") or "wagtailadmin_explore_root")
