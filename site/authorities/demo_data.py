"""Demo go-live dates and memberships from fixtures/demo.yaml (called by core's demo loader)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured

from authorities.models import Authority, Membership


def load_demo_authorities(data: dict) -> None:
    """Illustrative go-live dates for councils of the register (load_content loads it first)."""
    for entry in data.get("authorities", []):
        updated = Authority.objects.filter(ons_code=entry["ons_code"]).update(
            went_live=entry["went_live"]
        )
        if not updated:
            raise ImproperlyConfigured(
                f"{entry['name']} ({entry['ons_code']}) is not in the council register: "
                "load the content first (make content)."
            )
    users = get_user_model().objects
    for user_entry in data.get("users", []):
        user = users.get(username=user_entry["username"])
        listed = [m["council"] for m in user_entry.get("memberships", [])]
        Membership.objects.filter(user=user).exclude(authority__ons_code__in=listed).delete()
        for membership in user_entry.get("memberships", []):
            Membership.objects.update_or_create(
                user=user,
                authority=Authority.objects.get(ons_code=membership["council"]),
                defaults={"role": membership["role"]},
            )
