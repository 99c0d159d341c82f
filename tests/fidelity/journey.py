"""Form data for the assessment journey's pages, as a browser would post them."""

from django.urls import reverse


def section_url(assessment, step):
    return reverse("fidelity:section", kwargs={"pk": assessment.pk, "step": step})


def context_post(revision=0, **changes):
    data = {
        "context-teams": "6",
        "context-domestic_abuse_posts_funded": "4",
        "context-domestic_abuse_posts_filled": "4",
        "context-substance_misuse_posts_funded": "3",
        "context-substance_misuse_posts_filled": "3",
        "context-mental_health_posts_funded": "2",
        "context-mental_health_posts_filled": "2",
        "context-mi_trained_percent": "95",
        "context-workbook_live": "yes",
        "context-workbook_live_on-day": "1",
        "context-workbook_live_on-month": "4",
        "context-workbook_live_on-year": "2018",
        "context-revision": str(revision),
        "assessment_{pk}-current_step": "context",
    }
    data.update(changes)
    return data


def domain_post(assessment, domain_slug, level="1", revision=0, **changes):
    data = {
        f"assessment_{assessment.pk}-current_step": domain_slug,
        f"{domain_slug}-revision": str(revision),
    }
    for indicator in assessment.framework.indicators.filter(domain__slug=domain_slug):
        data[f"{domain_slug}-{indicator.slug}-level"] = level
        data[f"{domain_slug}-{indicator.slug}-note"] = f"Note on {indicator.slug}"
    data.update(changes)
    return data


def post_context(client, assessment, **changes):
    data = context_post(**changes)
    data[f"assessment_{assessment.pk}-current_step"] = data.pop("assessment_{pk}-current_step")
    return client.post(section_url(assessment, "context"), data)
