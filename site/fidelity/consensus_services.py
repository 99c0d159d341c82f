"""Writes for rounds rated independently: a member's own ratings, opening the consensus step,
and the agreed answers, which become the round's Answer rows through ``services.save_section``
so that checking, submitting and scoring are the shared round's own."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from authorities.choices import AuditAction
from authorities.permissions import check_lead, check_member
from authorities.services import audit
from fidelity import consensus_selectors, services
from fidelity.choices import Level
from fidelity.models import Assessment, IndependentRating, Section
from fidelity.services import AssessmentError, AssessmentLocked


class ConsensusProblems(AssessmentError):
    """Agreed answers refused; ``problems`` maps an indicator slug to what is wrong with it."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(problems.values()))


def _locked(assessment: Assessment) -> Assessment:
    locked = (
        Assessment.objects.select_for_update().select_related("framework").get(pk=assessment.pk)
    )
    if not locked.is_editable:
        raise AssessmentLocked(
            "This assessment has been submitted, so its answers can no longer change."
        )
    if not locked.is_independent:
        raise AssessmentError("In this round the council keeps one shared set of answers.")
    return locked


@transaction.atomic
def save_own_ratings(
    *, assessment: Assessment, user, domain_slug: str, values: Mapping[str, tuple]
) -> None:
    """``user``'s own answers to one domain: indicator slug -> (level or None, note). Refused
    once the consensus step is open, so the spreads the council discusses stay as they were."""
    check_member(user=user, authority=assessment.authority_id)
    locked = _locked(assessment)
    if locked.consensus_open:
        raise AssessmentError(
            "The consensus step is open, so your own ratings can no longer change"
        )
    domain = consensus_selectors.domain_of(locked, domain_slug)
    indicators = {i.slug: i for i in domain.indicators.all()}
    existing = {
        r.indicator_id: r
        for r in IndependentRating.objects.filter(
            assessment=locked, rater=user, indicator__domain=domain
        )
    }
    for slug, (level, note) in values.items():
        indicator = indicators[slug]
        _check_level(indicator, level, allow_blank=True)
        rating = existing.get(indicator.pk)
        if level in (None, ""):
            if rating is not None:
                rating.delete()
        elif rating is None:
            IndependentRating.objects.create(
                assessment=locked, indicator=indicator, rater=user, level=level, note=note
            )
        elif (rating.level, rating.note) != (level, note):
            rating.level, rating.note = level, note
            rating.save()
    audit(
        authority=locked.authority_id,
        subject=locked,
        user=user,
        action=AuditAction.SAVED,
        detail=f"Own ratings of {domain.title}",
    )


@transaction.atomic
def open_consensus(*, assessment: Assessment, user) -> Assessment:
    """A lead shows the members' ratings to the council and freezes them for the step."""
    check_lead(
        user=user,
        authority=assessment.authority_id,
        message="Only a council lead can open the consensus step.",
    )
    locked = _locked(assessment)
    if locked.consensus_open:
        raise AssessmentError("The consensus step is already open")
    if not IndependentRating.objects.filter(assessment=locked).exists():
        raise AssessmentError("Nobody has rated anything yet: members rate on their own first")
    locked.consensus_opened_at = timezone.now()
    locked.consensus_opened_by = user
    locked.save(update_fields=["consensus_opened_at", "consensus_opened_by"])
    audit(
        authority=locked.authority_id,
        subject=locked,
        user=user,
        action=AuditAction.SAVED,
        detail="Opened the consensus step",
    )
    return locked


def record_consensus(
    *,
    assessment: Assessment,
    user,
    domain_slug: str,
    values: Mapping[str, tuple[str, str]],
    base_revision: int,
) -> Section:
    """A lead records the agreed level and note of every indicator of one domain, if nobody
    saved the domain since ``base_revision`` (services.SectionConflict if someone did).

    Each level must be 0, 1, 2 (or "na" where allowed); a note is needed where the members
    disagreed (consensus.Spread.disagreement) and, as everywhere, for a 2."""
    check_lead(
        user=user,
        authority=assessment.authority_id,
        message="Only a council lead can record the agreed answers.",
    )
    with transaction.atomic():
        locked = _locked(assessment)
        domain = consensus_selectors.domain_of(locked, domain_slug)
        rows = consensus_selectors.spreads(locked, domain)
        problems = {}
        for row in rows:
            level, note = values.get(row.indicator.slug, (None, ""))
            title = row.indicator.title
            if level not in _allowed(row.indicator):
                problems[row.indicator.slug] = f"Select the agreed level for {title}"
            elif not note.strip() and row.spread.disagreement:
                problems[row.indicator.slug] = (
                    f"Enter a note for {title}: members disagreed, so say how you agreed"
                )
            elif not note.strip() and level == Level.FULL:
                problems[row.indicator.slug] = (
                    f"Enter the evidence for {title}: a 2 (fully in place) needs a note"
                )
        if problems:
            raise ConsensusProblems(problems)
        return services.save_section(
            assessment=locked,
            key=domain.slug,
            values={row.indicator.slug: values[row.indicator.slug] for row in rows},
            base_revision=base_revision,
            user=user,
            agreed=True,
        )


def _allowed(indicator) -> set[str]:
    levels = {Level.NOT_IN_PLACE, Level.PARTIAL, Level.FULL}
    return levels | {Level.NOT_APPLICABLE} if indicator.allows_na else levels


def _check_level(indicator, level, *, allow_blank: bool) -> None:
    if allow_blank and level in (None, ""):
        return
    if level not in _allowed(indicator):
        raise AssessmentError(f"Select 0, 1, 2 or, where allowed, not applicable for {indicator}")
