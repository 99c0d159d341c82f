"""Reads for rounds rated independently: a member's own ratings, who has finished, the spreads
of the consensus step and the agreement figures. The maths is in fidelity.consensus.

A member reads only their own ratings until a lead opens the consensus step; after that the
council's members read everyone's (``spreads`` refuses before). Reviewers never read ratings,
only the agreement figures, and only of rounds they may read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.http import Http404

from authorities.choices import MembershipRole
from authorities.models import Membership
from fidelity.choices import AssessmentMode
from fidelity.consensus import Agreement, Rating, Spread, agreement, spread
from fidelity.models import Answer, Assessment, Domain, IndependentRating, Indicator
from fidelity.selectors import person


@dataclass(frozen=True)
class MemberProgress:
    """How far one member of the council has rated the round on their own."""

    name: str
    is_lead: bool
    rated: int
    total: int

    @property
    def finished(self) -> bool:
        return self.rated == self.total

    @property
    def started(self) -> bool:
        return self.rated > 0


def member_progress(assessment: Assessment) -> list[MemberProgress]:
    """Every member of the council, and anyone who rated and has since left or been removed, with how many
    indicators they have rated. Three queries whatever the number of members."""
    total = assessment.framework.indicators.count()
    counts = dict(
        IndependentRating.objects.filter(assessment=assessment)
        .values_list("rater")
        .annotate(n=Count("pk"))
        .values_list("rater", "n")
    )
    memberships = Membership.objects.filter(authority_id=assessment.authority_id).select_related(
        "user"
    )
    rows = {
        m.user_id: MemberProgress(
            name=person(m.user),
            is_lead=m.role == MembershipRole.LEAD,
            rated=counts.get(m.user_id, 0),
            total=total,
        )
        for m in memberships
    }
    for user in get_user_model().objects.filter(pk__in=set(counts) - set(rows) - {None}):
        rows[user.pk] = MemberProgress(person(user), False, counts[user.pk], total)
    if None in counts:  # ratings of accounts since removed
        rows[None] = MemberProgress(person(None), False, counts[None], total)
    return sorted(rows.values(), key=lambda row: row.name.lower())


@dataclass(frozen=True)
class OwnDomain:
    """A domain on the task list of a member rating on their own."""

    domain: Domain
    rated: int
    total: int

    @property
    def status(self) -> str:
        if self.rated == 0:
            return "not-started"
        return "completed" if self.rated == self.total else "in-progress"


def own_domains(assessment: Assessment, user) -> list[OwnDomain]:
    """The domains in order with how many of their indicators ``user`` has rated: two queries."""
    rated = dict(
        IndependentRating.objects.filter(assessment=assessment, rater=user)
        .values_list("indicator__domain")
        .annotate(n=Count("pk"))
        .values_list("indicator__domain", "n")
    )
    return [
        OwnDomain(domain, rated.get(domain.pk, 0), domain.indicator_count)
        for domain in assessment.framework.domains.annotate(indicator_count=Count("indicators"))
    ]


def own_ratings(assessment: Assessment, user, domain: Domain) -> dict[str, tuple[str, str]]:
    """``user``'s own ratings of one domain: indicator slug -> (level, note)."""
    return {
        slug: (level, note)
        for slug, level, note in IndependentRating.objects.filter(
            assessment=assessment, rater=user, indicator__domain=domain
        ).values_list("indicator__slug", "level", "note")
    }


def domain_of(assessment: Assessment, slug: str) -> Domain:
    domain = assessment.framework.domains.filter(slug=slug).first()
    if domain is None:
        raise Http404("There is no such section.")
    return domain


@dataclass(frozen=True)
class ConsensusRow:
    """One indicator of the consensus step: who said what, and what was agreed so far."""

    indicator: Indicator
    spread: Spread
    answer: Answer | None


def spreads(assessment: Assessment, domain: Domain) -> list[ConsensusRow]:
    """Every indicator of the domain with its members' ratings; 404 until the step is open, so
    no URL shows one member another's ratings before then. Three queries."""
    if not (assessment.is_independent and assessment.consensus_open):
        raise Http404("Members' own ratings are shown once a lead opens the consensus step.")
    by_indicator: dict[int, list[Rating]] = defaultdict(list)
    for rating in (
        IndependentRating.objects.filter(assessment=assessment, indicator__domain=domain)
        .select_related("rater")
        .order_by("rater__first_name", "rater__last_name", "rater__username")
    ):
        by_indicator[rating.indicator_id].append(
            Rating(rater=person(rating.rater), level=rating.level, note=rating.note)
        )
    answers = {a.indicator_id: a for a in assessment.answers.filter(indicator__domain=domain)}
    return [
        ConsensusRow(
            indicator, spread(by_indicator.get(indicator.pk, [])), answers.get(indicator.pk)
        )
        for indicator in domain.indicators.all()
    ]


def _agreements(assessments: list[Assessment]) -> dict[int, Agreement]:
    """The agreement of each independently rated round among ``assessments``: three queries
    whatever their number."""
    independent = [a for a in assessments if a.mode == AssessmentMode.INDEPENDENT]
    if not independent:
        return {}
    framework_ids = {a.framework_id for a in independent}
    structure: dict[int, list[tuple[str, str, list[str]]]] = defaultdict(list)
    domains = Domain.objects.filter(framework_id__in=framework_ids).order_by(
        "framework", "sort_order"
    )
    indicators = defaultdict(list)
    for domain_id, slug in Indicator.objects.filter(framework_id__in=framework_ids).values_list(
        "domain_id", "slug"
    ):
        indicators[domain_id].append(slug)
    for domain in domains:
        structure[domain.framework_id].append((domain.slug, domain.title, indicators[domain.pk]))
    given: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for assessment_id, slug, level in IndependentRating.objects.filter(
        assessment__in=independent
    ).values_list("assessment_id", "indicator__slug", "level"):
        given[assessment_id][slug].append(level)
    return {a.pk: agreement(structure[a.framework_id], given[a.pk]) for a in independent}


def assessment_agreement(assessment: Assessment) -> Agreement | None:
    """How far the members agreed, for a round rated independently; None for a shared one."""
    return _agreements([assessment]).get(assessment.pk)


def agreements_of(assessments: Iterable[Assessment]) -> dict[int, Agreement]:
    return _agreements(list(assessments))
