"""Health, readiness and the OpenAPI document."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient

from tests.conftest import migrated_app, sqlite_config


def test_healthz_answers_ok(client: FlaskClient) -> None:
    assert client.get("/healthz").get_json()["status"] == "ok"


def test_readyz_is_200_when_database_broker_and_model_are_usable(client: FlaskClient) -> None:
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.get_json()["checks"] == {"database": "ok", "broker": "ok", "model": "ok"}


def test_readyz_is_503_naming_the_model_when_none_is_active(tmp_path: Path) -> None:
    app = migrated_app(sqlite_config(tmp_path), model=None)

    response = app.test_client().get("/readyz")

    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert set(response.get_json()["checks"]) == {"model"}


def test_readyz_is_503_naming_the_broker_when_it_is_unreachable(tmp_path: Path, seed_model) -> None:  # type: ignore[no-untyped-def]
    config = {**sqlite_config(tmp_path), "BROKER_URL": "redis://127.0.0.1:1/0"}
    app = migrated_app(config, seed_model)

    response = app.test_client().get("/readyz")

    assert response.status_code == 503
    assert set(response.get_json()["checks"]) == {"broker"}


def test_openapi_document_describes_the_items_api(client: FlaskClient) -> None:
    spec = client.get("/v1/openapi.json").get_json()

    post = spec["paths"]["/v1/items"]["post"]
    assert {"202", "200", "409", "422"} <= set(post["responses"])
    schema_name = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = spec["components"]["schemas"][schema_name.rsplit("/", 1)[1]]
    assert {"external_id", "text", "article"} <= set(schema["required"])
    assert schema["additionalProperties"] is False
    assert "/v1/items/{item_id}" in spec["paths"]
