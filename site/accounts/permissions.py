"""Who may do what with people's accounts (team management is checked in accounts.services)."""


def can_export_personal_data(*, user) -> bool:
    """A person's data, with every council they wrote to, goes only to the programme team's
    administrators (superusers), who answer requests for a copy."""
    return user.is_authenticated and user.is_active and user.is_superuser
