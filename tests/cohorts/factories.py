import datetime

from django.utils import timezone

import factory

from authorities.choices import MembershipRole
from authorities.models import Authority
from cohorts.models import Cohort, MilestoneEntry, ReviewerToken
from tests.authorities.factories import AuthorityFactory, member
from tests.fidelity.factories import submitted_round

# When the tests' cohorts started (the 2017 round of the Innovation Programme).
COHORT_START = datetime.date(2017, 4, 1)
# An evidence note a spreadsheet would run as a formula.
FORMULA_NOTE = '=HYPERLINK("http://example.invalid","click")'


class CohortFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Cohort {n}")
    programme = "Children's Social Care Innovation Programme"
    start_date = datetime.date(2020, 1, 1)

    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    @factory.post_generation
    def councils(self, create, extracted, **kwargs):
        if create and extracted:
            self.councils.add(*extracted)

    @factory.post_generation
    def reviewers(self, create, extracted, **kwargs):
        if create and extracted:
            self.reviewers.add(*extracted)


class MilestoneEntryFactory(factory.django.DjangoModelFactory):
    status = "not-started"

    class Meta:
        model = MilestoneEntry


def make_council(number: int, *, lead_name: str, levels: tuple[str, ...] = ("1",)):
    """Council NNN with a lead and one submitted round per level given (rounds 0, 6, ...)."""
    authority = AuthorityFactory(
        name=f"Council {number:03d}",
        ons_code=f"E98{number:06d}",  # made up: no real code starts E98
        dfe_number=5000 + number,
        region="South East",
    )
    lead = member(lead_name, authority, MembershipRole.LEAD)
    for index, level in enumerate(levels):
        submitted_round(authority, lead, round=6 * index, level=level)
    return authority, lead


def add_council(cohort: Cohort, number: int, *, level: str = "1") -> Authority:
    """Another council of the cohort with a lead and a submitted baseline."""
    authority = AuthorityFactory(
        name=f"Extra council {number:02d}",
        ons_code=f"E97{number:06d}",  # made up: no real code starts E97
        dfe_number=6000 + number,
        region="North West",
    )
    lead = member(f"extra-lead-{number}", authority, MembershipRole.LEAD)
    submitted_round(authority, lead, round=0, level=level)
    cohort.councils.add(authority)
    return authority


def leftover_token(user) -> str:
    """A token row for a user the service would refuse one (as if they stopped reviewing)."""
    key = ReviewerToken.new_key()
    ReviewerToken.objects.create(
        user=user,
        name="Leftover",
        prefix=key[:8],
        key_hash=ReviewerToken.hash_key(key),
        expires_at=timezone.now() + datetime.timedelta(days=90),
    )
    return key
