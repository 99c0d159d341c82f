import datetime

from django.db import migrations, models
from django.db.models import F

# Tokens made before tokens expired get the default lifetime, counted from their creation.
EXISTING_TOKEN_LIFETIME = datetime.timedelta(days=90)


def expire_existing_tokens(apps, schema_editor):
    ReviewerToken = apps.get_model("cohorts", "ReviewerToken")
    ReviewerToken.objects.update(expires_at=F("created_at") + EXISTING_TOKEN_LIFETIME)


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0006_cohortround"),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewertoken",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(expire_existing_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="reviewertoken",
            name="expires_at",
            field=models.DateTimeField(help_text="From then on the token is refused."),
        ),
    ]
