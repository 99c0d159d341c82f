"""Scores stored at submission also keep the reference overall and the band the overall alone
gives (scoring.stored_result), so that nothing reads a submitted assessment by scoring it again.
Earlier submissions get the two figures now, worked out from their own locked answers."""

from django.db import migrations

from fidelity.scoring import answer_problems, framework_spec, score, scoring_answers, stored_result

ADDED = ("reference_overall", "uncapped_band")


def add_to_stored_scores(apps, schema_editor):
    Assessment = apps.get_model("fidelity", "Assessment")
    Indicator = apps.get_model("fidelity", "Indicator")
    for assessment in Assessment.objects.filter(scores__isnull=False).select_related("framework"):
        if all(key in assessment.scores for key in ADDED):
            continue
        indicators = list(
            Indicator.objects.filter(framework=assessment.framework_id).select_related("domain")
        )
        spec = framework_spec(assessment.framework, indicators)
        levels = scoring_answers(assessment.answers.values_list("indicator__slug", "level"))
        if answer_problems(spec, levels):
            continue  # returned and being changed: stored afresh when it is resubmitted
        complete = stored_result(score(spec, levels))
        assessment.scores = assessment.scores | {key: complete[key] for key in ADDED}
        assessment.save(update_fields=["scores"])


def remove_from_stored_scores(apps, schema_editor):
    Assessment = apps.get_model("fidelity", "Assessment")
    for assessment in Assessment.objects.filter(scores__isnull=False):
        assessment.scores = {k: v for k, v in assessment.scores.items() if k not in ADDED}
        assessment.save(update_fields=["scores"])


class Migration(migrations.Migration):
    dependencies = [("fidelity", "0009_audit_event_moved")]

    operations = [migrations.RunPython(add_to_stored_scores, remove_from_stored_scores)]
