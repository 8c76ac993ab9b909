"""Migrations on PostgreSQL: a single head, reversible, and in step with the models."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from service.app import create_app
from service.db import db
from service.extensions import MIGRATIONS_DIR

pytestmark = pytest.mark.postgres


def postgres_app(url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    return create_app({"DATA_DIR": str(tmp_path), "DATABASE_URL": url, "BROKER_URL": "memory://"})


def table_names(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_migrations_have_a_single_head(tmp_path: Path) -> None:
    app = create_app({"DATA_DIR": str(tmp_path), "BROKER_URL": "memory://"})
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config(MIGRATIONS_DIR)
        assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrade_downgrade_upgrade_on_postgres(postgres_url: str, tmp_path: Path) -> None:
    app = postgres_app(postgres_url, tmp_path)
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
        assert {"items", "decisions", "sites", "model_versions"} <= table_names(postgres_url)
        downgrade(directory=MIGRATIONS_DIR, revision="base")
        assert table_names(postgres_url) <= {"alembic_version"}
        upgrade(directory=MIGRATIONS_DIR)
        assert "items" in table_names(postgres_url)
        db.engine.dispose()


def drift_after_migrating(app) -> list:  # type: ignore[no-untyped-def]
    """What the models declare that the migrated database lacks, or the reverse."""
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        db.engine.dispose()
    return differences


def test_models_and_migrations_agree_on_postgres(postgres_url: str, tmp_path: Path) -> None:
    differences = drift_after_migrating(postgres_app(postgres_url, tmp_path))

    assert differences == []


def test_models_and_migrations_agree_on_sqlite(tmp_path: Path) -> None:
    app = create_app({"DATA_DIR": str(tmp_path), "BROKER_URL": "memory://"})

    differences = drift_after_migrating(app)

    assert differences == []
