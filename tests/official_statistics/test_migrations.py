"""Moving Observation and StatisticalNeighbour from outcomes to official_statistics keeps a
database's figures: migrating a database made before the move loses nothing.

The migrations run in a subprocess on a SQLite file of their own (tests/migration_db.py), never on
the test database: one process for the rows written before the move, the migration and the
reading (each start of Django takes seconds).
"""

import json

from tests.migration_db import shell, throwaway_database

# contenttypes goes to its last migration first: outcomes 0002 needs only its first, which
# still requires a name for each content type, so the content types to carry over (made after
# migrating) could not be saved.
BEFORE_THE_MOVE = """
import json
from django.core.management import call_command
from django.db import connection
content_types = []  # before and after the move
call_command("migrate", "contenttypes", verbosity=0)
call_command("migrate", "outcomes", "0002_local_returns", verbosity=0)
with connection.cursor() as cursor:
    cursor.execute(
        "INSERT INTO outcomes_observation (dataset, measure, filters, filter_key, level, "
        "area_code, dfe_number, area_name, period, time_identifier, value, symbol) "
        "VALUES ('cin', 'At31_episodes', '{}', '', 'local-authority', 'E10000015', 919, "
        "'Hertfordshire', '2025', 'Reporting year', 5848, '')"
    )
    cursor.execute(
        "INSERT INTO outcomes_statisticalneighbour (model_year, dfe_number, area_name, rank, "
        "neighbour_dfe_number, neighbour_name, closeness) "
        "VALUES (2025, 919, 'Hertfordshire', 1, 825, 'Buckinghamshire', 'Very close')"
    )
"""
CONTENT_TYPES = """
with connection.cursor() as cursor:
    cursor.execute(
        "SELECT model, id, app_label FROM django_content_type "
        "WHERE model IN ('observation', 'statisticalneighbour') ORDER BY model, app_label"
    )
    content_types.append(cursor.fetchall())
"""
# What `migrate` runs on such a database for these two apps: official_statistics 0001 and
# outcomes 0003 (the other apps' migrations take seconds and do not touch them).
MIGRATE = """
call_command("migrate", "outcomes", interactive=False, skip_checks=True, verbosity=0)
"""
READ_BACK = """
from official_statistics.models import Observation, StatisticalNeighbour
observations = Observation.objects.values_list("dataset", "measure", "area_code", "period", "value")
neighbours = StatisticalNeighbour.objects.values_list("dfe_number", "rank", "neighbour_name")
print(json.dumps(
    {
        "content_types": content_types,
        "observations": list(observations),
        "neighbours": list(neighbours),
    },
    default=str,
))
"""


def test_migrating_a_database_from_before_the_move_keeps_its_rows_and_content_types(tmp_path):
    _, env = throwaway_database(tmp_path)
    script = BEFORE_THE_MOVE + CONTENT_TYPES + MIGRATE + CONTENT_TYPES + READ_BACK
    read = json.loads(shell(script, env=env))

    before, after = read["content_types"]
    assert [[model, app_label] for model, _, app_label in before] == [
        ["observation", "outcomes"],
        ["statisticalneighbour", "outcomes"],
    ]
    assert {key: read[key] for key in ("observations", "neighbours")} == {
        "observations": [["cin", "At31_episodes", "E10000015", "2025", "5848.000000"]],
        "neighbours": [[919, 1, "Buckinghamshire"]],
    }
    # The same rows of django_content_type, relabelled, so what points at them (permissions,
    # log entries) still points at the same models.
    assert after == [[model, pk, "official_statistics"] for model, pk, _ in before]
