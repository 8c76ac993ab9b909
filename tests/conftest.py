"""Fixtures shared by every test: apps on SQLite or PostgreSQL, a trained seed model, sites."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade

from ml.training import TrainedModel, train_seed_model
from service.app import create_app
from service.classifier.services import register
from service.extensions import MIGRATIONS_DIR
from service.sites.services import create_site

POSTGRES_ADMIN_URL = os.environ.get(
    "COMMENTGUARD_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("COMMENTGUARD_TEST_REDIS", "redis://127.0.0.1:6379/9")


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests configure the app explicitly; an operator's COMMENTGUARD_* must not leak in."""
    for name in list(os.environ):
        if name.startswith("COMMENTGUARD_") and not name.startswith("COMMENTGUARD_TEST_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def seed_model() -> TrainedModel:
    """The default model, trained once per test session from the shipped seed corpus."""
    return train_seed_model()


def sqlite_config(folder: Path) -> dict[str, Any]:
    return {
        "DATA_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'commentguard.db'}",
        "BROKER_URL": "memory://",
    }


def migrated_app(config: dict[str, Any], model: TrainedModel | None) -> Flask:
    app = create_app(config)
    app.config["TESTING"] = True
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
        if model is not None:
            register(model, activate=True)
    return app


@pytest.fixture
def app(tmp_path: Path, seed_model: TrainedModel) -> Iterator[Flask]:
    """The embedded shape's app on a fresh SQLite database, with the seed model active."""
    app = migrated_app(sqlite_config(tmp_path), seed_model)
    yield app
    with app.app_context():
        from service.db import db

        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@dataclass(frozen=True)
class SiteKey:
    id: uuid.UUID
    name: str
    api_key: str


def new_site(app: Flask, name: str, webhook_url: str | None = None) -> SiteKey:
    with app.app_context():
        created = create_site(name, webhook_url)
        return SiteKey(created.site.id, name, created.api_key)


@pytest.fixture
def site(app: Flask) -> SiteKey:
    return new_site(app, "daily-news")


@pytest.fixture
def other_site(app: Flask) -> SiteKey:
    return new_site(app, "other-news")


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def comment(**overrides: Any) -> dict[str, Any]:
    """A valid submission body; keyword arguments replace or add fields."""
    body: dict[str, Any] = {
        "external_id": f"c-{uuid.uuid4().hex[:12]}",
        "text": "The new bridge will cut my commute in half, good news for the district.",
        "article": {"id": "art-1", "url": "https://news.example/a/1", "title": "Bridge opens"},
        "author": {"id": "reader-7", "name": "Leyla"},
    }
    body.update(overrides)
    return body


# --- real PostgreSQL and Redis -------------------------------------------------------------


def _postgres_admin() -> sa.Engine:
    return sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test, dropped afterwards."""
    name = f"commentguard_test_{uuid.uuid4().hex[:10]}"
    admin = _postgres_admin()
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def redis_url() -> str:
    """This machine's Redis, with the test database emptied first."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    client.close()
    return REDIS_URL
