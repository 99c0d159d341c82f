"""Reads of councils, each through the scope in authorities.permissions."""

from django.http import Http404

from authorities.models import Authority
from authorities.permissions import authorities_for


def authority_for(*, user, pk: int) -> Authority:
    """The council ``pk`` if ``user`` is one of its members; 404 otherwise, whoever asks."""
    authority = authorities_for(user=user).filter(pk=pk).first()
    if authority is None:
        raise Http404("No council of yours has this number.")
    return authority
