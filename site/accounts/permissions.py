"""Who may do what with people's accounts (team management is checked in accounts.services)."""


def can_export_personal_data(*, user) -> bool:
    """A person's data, with every council they wrote to, goes only to the programme team's
    administrators (superusers), who answer requests for a copy."""
    return user.is_authenticated and user.is_active and user.is_superuser


def can_reset_two_factor(*, user) -> bool:
    """Resetting someone's two-factor (a lost phone) lets the next person with their password
    set it up afresh, so only the programme team's administrators (superusers) may."""
    return user.is_authenticated and user.is_active and user.is_superuser
