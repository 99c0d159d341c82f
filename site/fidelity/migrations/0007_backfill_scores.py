from django.db import migrations

from fidelity.scoring import framework_spec, result_as_dict, score, scoring_answers


def backfill_scores(apps, schema_editor):
    """Assessments submitted before scores were kept at submission get theirs now."""
    Assessment = apps.get_model("fidelity", "Assessment")
    Indicator = apps.get_model("fidelity", "Indicator")
    for assessment in Assessment.objects.filter(scores__isnull=True).exclude(status="draft"):
        indicators = Indicator.objects.filter(framework=assessment.framework_id).select_related(
            "domain"
        )
        spec = framework_spec(assessment.framework, indicators)
        levels = scoring_answers(assessment.answers.values_list("indicator__slug", "level"))
        try:
            result = score(spec, levels)
        except ValueError:
            continue  # incomplete answers cannot be scored; left for resubmission
        assessment.scores = result_as_dict(result)
        assessment.save(update_fields=["scores"])


class Migration(migrations.Migration):
    dependencies = [("fidelity", "0006_audit_authority_required")]

    operations = [migrations.RunPython(backfill_scores, migrations.RunPython.noop)]
