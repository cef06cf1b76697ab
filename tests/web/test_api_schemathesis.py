"""Property-based tests of /api/v1 from its own OpenAPI document (schemathesis).

Every operation gets generated requests (valid and invalid query arguments, ids, cursors);
no answer may be a 5xx, use an undocumented status or content type, or break its schema.
Bounded: a few dozen examples per operation, no Hypothesis database, no deadline.
"""

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

from actiondays.models import Role
from actiondays.services import retrospectives
from tests.conftest import campaign

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(app, make_event, make_user):
    """The API's own OpenAPI document, over a database with public and hidden data."""
    from datetime import date

    make_event()
    make_event(title="Ganztägig", all_day=True, day=date(2013, 7, 1))
    make_event(title="Abgesagt", status="cancelled", cancellation_reason="Regen")
    make_event(title="Entwurf", status="draft")
    retrospectives.publish(campaign(2013), make_user(Role.REVIEWER))
    from actiondays.extensions import db

    db.session.commit()
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_never_fails_and_keeps_to_its_schema(api_schema, mode):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 8
    if mode == GenerationMode.NEGATIVE:
        # Only arguments can be wrong; an operation without any has no negative examples.
        operations = [op for op in operations if op.query or op.path_parameters]
    for operation in operations:

        @settings(
            max_examples=10,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case):
            case.call_and_validate(checks=CHECKS)

        run()
