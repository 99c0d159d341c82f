"""An outside OpenAPI fuzzer (schemathesis) run from the published schema with a reviewer's
token: every operation, with valid and invalid input, answers no server error, no status the
schema does not document, and nothing that breaks the schema."""

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cohorts.services import create_reviewer_token

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
]
EXAMPLES = 25  # per operation and generation mode: enough to reach every status, in seconds


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, as a server runs it, on the test's database connection: like
    Django's test client, it must not close the connection around each request."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield WSGIHandler()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_the_api_keeps_to_its_published_schema(api_world, wsgi_app):
    _token, key = create_reviewer_token(user=api_world.reviewer, name="Fuzzer")
    headers = {"Authorization": f"Bearer {key}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {operation.label for operation in operations} == {
        "GET /api/v1/cohorts/",
        "GET /api/v1/cohorts/{id}/",
        "GET /api/v1/cohorts/{id}/assessments/",
        "GET /api/v1/cohorts/{id}/milestones/",
    }

    for operation in operations:
        # The reviewer's own cohort, besides whatever ids the fuzzer makes up.
        own = operation.Case(
            path_parameters={"id": api_world.cohort.pk} if "{id}" in operation.path else None
        )
        own.call_and_validate(headers=headers, checks=CHECKS)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                derandomize=True,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def fuzz(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            fuzz()
