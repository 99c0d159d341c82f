"""What fidelity tells apps above it, which it must not import (cohorts tells reviewers)."""

from django.dispatch import Signal

# Sent inside the submitting transaction with ``assessment`` (just locked) and ``user``.
assessment_submitted = Signal()
