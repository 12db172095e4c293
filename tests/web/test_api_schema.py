"""Schemathesis against the app's own OpenAPI description: every read endpoint answers generated
requests without a server error and as the description says."""

import shutil

import schemathesis
from hypothesis import HealthCheck, given, settings

from faultlines.web import create_app


def test_read_endpoints_follow_their_description(corpus_db, tmp_path):
    db = tmp_path / "web.db"
    shutil.copy(corpus_db, db)
    # "testserver" is the Host name the ASGI test client sends.
    app = create_app(str(db), "token", allowed_host_names=["testserver"])
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() != "GET":
            continue

        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            case.call_and_validate()

        check()
        checked.append(operation.path)
    assert {"/api/summary", "/api/search", "/api/actors/{name}", "/api/documents/{document_id}",
            "/api/network", "/api/events"} <= set(checked)
