from django import template

register = template.Library()


@register.filter
def domain_score(comparison, slug: str):
    """The reference council's score for one domain: ``{{ second|domain_score:domain.slug }}``."""
    return comparison.domain_scores.get(slug)


@register.filter
def indicator_level(comparison, slug: str):
    """The reference council's answer to one indicator, as scoring takes it (0, 1, 2 or na)."""
    return comparison.levels.get(slug)
