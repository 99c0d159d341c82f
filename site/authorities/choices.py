from django.db import models


class MembershipRole(models.TextChoices):
    CONTRIBUTOR = "contributor", "Contributor"
    LEAD = "lead", "Lead"


class Region(models.TextChoices):
    """England's regions as DfE names them (London boroughs are in Inner or Outer London)."""

    NORTH_EAST = "North East"
    NORTH_WEST = "North West"
    YORKSHIRE = "Yorkshire and The Humber"
    EAST_MIDLANDS = "East Midlands"
    WEST_MIDLANDS = "West Midlands"
    EAST_OF_ENGLAND = "East of England"
    LONDON = "London"
    INNER_LONDON = "Inner London"
    OUTER_LONDON = "Outer London"
    SOUTH_EAST = "South East"
    SOUTH_WEST = "South West"
