"""Demo councils and memberships from fixtures/demo.yaml (called by core's demo loader)."""

from django.contrib.auth import get_user_model

from authorities.models import Authority, Membership


def load_demo_authorities(data: dict) -> None:
    for entry in data.get("authorities", []):
        Authority.objects.update_or_create(ons_code=entry["ons_code"], defaults=entry)
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
