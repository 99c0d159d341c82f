# Observation and StatisticalNeighbour now belong to official_statistics (its 0001 takes them
# over): forget them here without touching their tables. To undo the move, migrate
# official_statistics to zero, which undoes this migration first; undoing only this one would
# leave both apps with the models.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('official_statistics', '0001_initial'),
        ('outcomes', '0002_local_returns'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='Observation',
                ),
                migrations.DeleteModel(
                    name='StatisticalNeighbour',
                ),
            ],
        ),
    ]
