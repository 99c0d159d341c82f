from django.contrib.auth import get_user_model

import factory

from authorities.choices import MembershipRole
from authorities.models import Authority, Membership

PASSWORD = "not-a-real-password"  # every test user's


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user-{n}")
    first_name = factory.LazyAttribute(lambda o: o.username.title())
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)


class AuthorityFactory(factory.django.DjangoModelFactory):
    """A made-up council: its codes are outside the register's (no real ONS code starts E99,
    no DfE number is over 999)."""

    name = factory.Sequence(lambda n: f"Test council {n}")
    ons_code = factory.Sequence(lambda n: f"E99{n:06d}")
    dfe_number = factory.Sequence(lambda n: 9000 + n)
    region = "East of England"

    class Meta:
        model = Authority


def register_council(ons_code: str, **changes) -> Authority:
    """A council of the register (content/councils/register.yaml, in every test's database),
    with ``changes`` (a go-live date, say) saved on it."""
    authority = Authority.objects.get(ons_code=ons_code)
    if changes:
        for name, value in changes.items():
            setattr(authority, name, value)
        authority.save(update_fields=list(changes))
    return authority


class MembershipFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    authority = factory.SubFactory(AuthorityFactory)
    role = MembershipRole.CONTRIBUTOR

    class Meta:
        model = Membership


def member(username: str, authority: Authority, role: str = MembershipRole.CONTRIBUTOR):
    """A user named ``username`` who belongs to ``authority`` in ``role``."""
    user = UserFactory(username=username)
    MembershipFactory(user=user, authority=authority, role=role)
    return user
