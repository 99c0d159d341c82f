"""The consent rule for family stories, shared by the model, the admin form and admin hooks."""

CONSENT_REQUIRED = (
    "A family story cannot be published until an editor confirms that the family consented "
    "and that the story is anonymised."
)
CONFIRMATIONS = ("consent_confirmed", "anonymised")


def missing_confirmations(story) -> list[str]:
    return [name for name in CONFIRMATIONS if not getattr(story, name)]
