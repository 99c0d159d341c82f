"""The implementation stage rule, also written on the methodology page.

Stages follow implementation science's usual four (Exploration, Installation, Initial and
Full implementation), read from a council's milestones and its latest fidelity band.
"""

from core.choices import ImplementationStage

# The service is running once families are worked with by co-located teams, recorded in the
# Workbook and discussed in group supervision.
SERVICE_RUNNING = frozenset({"teams-co-located", "workbook-live", "group-supervision-running"})
HIGH_FIDELITY = "High fidelity"


def implementation_stage(
    *, done: set[str], milestone_count: int, latest_band: str | None
) -> ImplementationStage:
    """``done``: slugs of the milestones done; ``latest_band``: of the last submitted round."""
    if milestone_count and len(done) >= milestone_count and latest_band == HIGH_FIDELITY:
        return ImplementationStage.FULL_IMPLEMENTATION
    if done >= SERVICE_RUNNING:
        return ImplementationStage.INITIAL_IMPLEMENTATION
    if done:
        return ImplementationStage.INSTALLATION
    return ImplementationStage.EXPLORATION
