"""Generated requests from the OpenAPI document: whatever the input, never a 5xx."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from service.moderators.models import Role
from service.moderators.services import create_moderator, issue_token
from tests.conftest import SiteKey, bearer


def admin_token(app: Flask, site: SiteKey) -> str:
    with app.app_context():
        admin = create_moderator("fuzz-admin", "fuzz-password-1", [site.name], Role.ADMIN)
        return issue_token(admin)


@pytest.mark.parametrize("credential", ["site key", "admin token"])
def test_no_generated_request_gets_a_server_error(
    app: Flask, site: SiteKey, credential: str
) -> None:
    key = site.api_key if credential == "site key" else admin_token(app, site)
    schema = schemathesis.openapi.from_wsgi("/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.label for op in operations} >= {
        "POST /v1/items",
        "GET /v1/items/{item_id}",
        "GET /v1/queue",
        "POST /v1/items/{item_id}/decision",
        "POST /v1/models/{name}/promote",
    }

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def no_server_error(case: Any) -> None:
            case.call_and_validate(headers=bearer(key), checks=[not_a_server_error])

        no_server_error()
