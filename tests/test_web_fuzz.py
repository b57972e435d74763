"""The app's own OpenAPI description, fuzzed by schemathesis against the real server: whatever the query,
no answer is a server error (5xx)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
from schemathesis.checks import not_a_server_error  # noqa: E402

EXAMPLES = 15  # per operation: enough to find a crash on each parameter, few enough for CI


def test_no_query_makes_a_server_error(web_app):
    schema = schemathesis.openapi.from_url(web_app.base + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14  # the API and the public pages
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def no_server_error(case):
            case.call_and_validate(checks=[not_a_server_error], timeout=60)

        no_server_error()
