# Observation and StatisticalNeighbour move here from outcomes (whose 0003 forgets them) without
# touching the database: the tables, indexes and constraints keep their names (db_table), and
# the rows stay where they are. Their content types move with them, so permissions and anything
# else that points at a content type keep pointing at the same models.

import django.core.validators
from django.db import migrations, models

MOVED_MODELS = ["observation", "statisticalneighbour"]


def move_content_types(apps, schema_editor, old_app_label, new_app_label):
    """Relabel the moved models' content types, where they exist (a new database has none yet:
    they are made after migrating). Where the new label already has one (made while only one
    of the two migrations was undone), both are kept: nothing is deleted, and
    `manage.py remove_stale_contenttypes` can clear the old one."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    taken = content_types.filter(app_label=new_app_label, model__in=MOVED_MODELS)
    content_types.filter(app_label=old_app_label, model__in=MOVED_MODELS).exclude(
        model__in=list(taken.values_list("model", flat=True))
    ).update(app_label=new_app_label)
    ContentType.objects.clear_cache()


def content_types_to_official_statistics(apps, schema_editor):
    move_content_types(apps, schema_editor, "outcomes", "official_statistics")


def content_types_back_to_outcomes(apps, schema_editor):
    move_content_types(apps, schema_editor, "official_statistics", "outcomes")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('outcomes', '0002_local_returns'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Observation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('dataset', models.CharField(help_text="The file's stem unless named on import.", max_length=100)),
                        ('measure', models.CharField(help_text='The column the figure comes from.', max_length=100)),
                        ('filters', models.JSONField(blank=True, default=dict, help_text="The row's filter columns, {column: value}.")),
                        ('filter_key', models.CharField(blank=True, help_text='The filters as "column=value|column=value", sorted by column; empty if none.', max_length=500)),
                        ('level', models.CharField(choices=[('national', 'National'), ('regional', 'Regional'), ('local-authority', 'Local authority')], max_length=20)),
                        ('area_code', models.CharField(help_text="ONS code: the authority's, the region's or the country's (joint: A / B).", max_length=50)),
                        ('dfe_number', models.PositiveSmallIntegerField(blank=True, help_text='old_la_code, for authorities (none if joint).', null=True, verbose_name='DfE number')),
                        ('area_name', models.CharField(max_length=200)),
                        ('period', models.CharField(help_text='time_period as published: "2025", "202425".', max_length=10)),
                        ('time_identifier', models.CharField(max_length=50)),
                        ('value', models.DecimalField(blank=True, decimal_places=6, max_digits=20, null=True)),
                        ('symbol', models.CharField(blank=True, help_text='The suppression symbol where there is no value.', max_length=10)),
                    ],
                    options={
                        'db_table': 'outcomes_observation',
                        'ordering': ['dataset', 'measure', 'filter_key', 'area_code', 'period'],
                        'indexes': [models.Index(fields=['dataset', 'measure', 'area_code', 'period'], name='observation_series')],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('value__isnull', False), ('symbol', '')), models.Q(('value__isnull', True), models.Q(('symbol', ''), _negated=True)), _connector='OR'), name='observation_value_or_symbol'), models.UniqueConstraint(fields=('dataset', 'measure', 'filter_key', 'area_code', 'period', 'time_identifier'), name='one_observation_per_area_and_period')],
                    },
                ),
                migrations.CreateModel(
                    name='StatisticalNeighbour',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('model_year', models.PositiveSmallIntegerField(help_text='2021 or 2025: the DfE model.')),
                        ('dfe_number', models.PositiveSmallIntegerField(verbose_name='DfE number')),
                        ('area_name', models.CharField(max_length=200)),
                        ('rank', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(10)])),
                        ('neighbour_dfe_number', models.PositiveSmallIntegerField(verbose_name="neighbour's DfE number")),
                        ('neighbour_name', models.CharField(blank=True, max_length=200)),
                        ('closeness', models.CharField(blank=True, help_text='As published, e.g. "Very close", "Somewhat close".', max_length=50)),
                    ],
                    options={
                        'db_table': 'outcomes_statisticalneighbour',
                        'ordering': ['model_year', 'dfe_number', 'rank'],
                        'constraints': [models.UniqueConstraint(fields=('model_year', 'dfe_number', 'rank'), name='one_neighbour_per_rank'), models.CheckConstraint(condition=models.Q(('rank__gte', 1), ('rank__lte', 10)), name='neighbour_rank_1_to_10')],
                    },
                ),
            ],
        ),
        migrations.RunPython(
            content_types_to_official_statistics, content_types_back_to_outcomes
        ),
    ]
