"""Feedback in the Wagtail admin: the programme team reads what people sent, and nobody
(superusers included) adds, changes or deletes it there."""

from django.contrib.auth import get_user_model
from django.utils.text import Truncator

from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.models import Feedback
from core.page_cache import schedule_warming

LISTING_WORDS = 30


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Whoever has the model's "view" permission may read it; no one may do anything else."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(["view"])


# Registered before the viewset asks for a policy, so Wagtail never makes its default one.
register_permission_policy(Feedback, ViewOnlyPermissionPolicy(Feedback))


class FeedbackViewSet(ModelViewSet):
    model = Feedback
    icon = "comment"
    menu_label = "Feedback"
    menu_order = 320
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        DateColumn("sent_at", label="Sent", sort_key="sent_at"),
        Column("page", label="Page they came from"),
        Column(
            "text",
            label="Feedback",
            accessor=lambda feedback: Truncator(feedback.text).words(LISTING_WORDS),
        ),
        Column("email", label="Email for a reply"),
    ]
    inspect_view_fields = ["sent_at", "page", "text", "email"]
    search_fields = ["text", "page", "email"]
    ordering = ["-sent_at", "-pk"]
    # Wagtail builds add and edit views for every model viewset; the policy refuses them to
    # everyone, so their form has no fields to show.
    form_fields: list[str] = []


@hooks.register("register_admin_viewset")
def register_feedback_viewset():
    return FeedbackViewSet("feedback")


# An editor's change in the admin has already emptied the public-page cache (core.page_cache's
# signals); these render the pages again before visitors ask for them. Wagtail 8 has no such
# hooks for documents and images: their changes empty the cache, and visitors refill it.
def _warm_public_pages(request, *args) -> None:
    schedule_warming()


for _hook in (
    "after_publish_page",
    "after_unpublish_page",
    "after_move_page",
    "after_delete_page",
    "after_create_snippet",
    "after_edit_snippet",
    "after_delete_snippet",
    "after_publish",  # a snippet with drafts
    "after_unpublish",
):
    hooks.register(_hook, _warm_public_pages)
