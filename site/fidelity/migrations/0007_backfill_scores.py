from django.db import migrations

from fidelity.scoring import DomainSpec, FrameworkSpec, IndicatorSpec, Thresholds, result_as_dict, score


def backfill_scores(apps, schema_editor):
    """Assessments submitted before scores were kept at submission get theirs now."""
    Assessment = apps.get_model("fidelity", "Assessment")
    Indicator = apps.get_model("fidelity", "Indicator")
    for assessment in Assessment.objects.filter(scores__isnull=True).exclude(status="draft"):
        framework = assessment.framework
        domains: dict = {}
        for indicator in Indicator.objects.filter(framework=framework).select_related("domain").order_by(
            "domain__sort_order", "sort_order"
        ):
            domains.setdefault(indicator.domain, []).append(
                IndicatorSpec(
                    slug=indicator.slug,
                    title=indicator.title,
                    weight=indicator.weight,
                    critical=indicator.critical,
                    reference_level=indicator.reference_level,
                    allows_na=indicator.allows_na,
                )
            )
        spec = FrameworkSpec(
            version=framework.version,
            thresholds=Thresholds(green=framework.green_threshold, amber=framework.amber_threshold),
            domains=tuple(
                DomainSpec(slug=d.slug, title=d.title, weight=d.weight, indicators=tuple(items))
                for d, items in domains.items()
            ),
        )
        levels = {
            slug: level if level == "na" else int(level)
            for slug, level in assessment.answers.values_list("indicator__slug", "level")
        }
        try:
            result = score(spec, levels)
        except ValueError:
            continue  # incomplete answers cannot be scored; left for resubmission
        assessment.scores = result_as_dict(result)
        assessment.save(update_fields=["scores"])


class Migration(migrations.Migration):
    dependencies = [("fidelity", "0006_audit_authority_required")]

    operations = [migrations.RunPython(backfill_scores, migrations.RunPython.noop)]
