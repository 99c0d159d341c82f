"""Writes that belong to core: the feedback people send."""

from core.models import Feedback


def send_feedback(*, text: str, email: str = "", page: str = "") -> Feedback:
    """Keep what someone told us. Refuses (ValidationError) empty or too-long feedback and a
    malformed email address, saving nothing."""
    feedback = Feedback(text=text.strip(), email=email.strip(), page=page)
    feedback.full_clean()
    feedback.save()
    return feedback
