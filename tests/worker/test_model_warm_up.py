"""A worker process loads the active model as it starts, before its first comment."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import update

from service.classifier import services as registry
from service.classifier.models import ModelStatus, ModelVersion
from service.db import db


def test_the_active_model_is_loaded_and_kept_before_any_task(app: Flask) -> None:
    registry._cache.clear()

    with app.app_context():
        loaded = registry.warm_active()
        version = registry.active_version()

    assert loaded is not None and version is not None
    assert loaded.name == version.name
    assert registry._cache[(version.id, version.checksum)] is loaded


def test_without_an_active_model_nothing_is_loaded(app: Flask) -> None:
    registry._cache.clear()
    with app.app_context():
        db.session.execute(update(ModelVersion).values(status=ModelStatus.RETIRED))
        db.session.commit()

        assert registry.warm_active() is None
    assert registry._cache == {}


def test_a_tampered_artifact_is_refused_ahead_of_time_too(app: Flask) -> None:
    registry._cache.clear()
    with app.app_context():
        version = registry.active_version()
        assert version is not None
        version.artifact = version.artifact[:-10] + b"0123456789"
        db.session.commit()

        assert registry.warm_active() is None
    assert registry._cache == {}
