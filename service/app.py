"""The application factory."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from service.config import load_config
from service.db import db
from service.errors import register_error_handlers
from service.extensions import ProblemApi, migrate
from service.queue import celery_init_app

API_SPEC = {
    "API_TITLE": "commentguard",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "info": {
            "description": "Moderation of the comments and reviews readers post on a news site.",
        },
        "components": {
            "securitySchemes": {
                "siteKey": {"type": "http", "scheme": "bearer", "description": "Site API key"}
            }
        },
    },
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app from defaults, ``COMMENTGUARD_*`` variables and ``config`` overrides."""
    settings = load_config(overrides=config)
    Path(settings["DATA_DIR"]).mkdir(parents=True, exist_ok=True)

    app = Flask("commentguard")
    app.config.update(API_SPEC)
    app.config.update(
        COMMENTGUARD=settings,
        SQLALCHEMY_DATABASE_URI=settings["DATABASE_URL"],
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        MAX_CONTENT_LENGTH=settings["MAX_BODY_BYTES"],
        JSON_SORT_KEYS=False,
    )
    logging.basicConfig(
        level=settings["LOG_LEVEL"], format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    db.init_app(app)
    migrate.init_app(app, db)
    # One Api per app: its OpenAPI document is built from the blueprints registered on it.
    api = ProblemApi(app)
    register_error_handlers(app)
    celery_init_app(app)

    import service.models  # noqa: F401 - every model registered before the first query
    from service.health.views import blp as health_blp
    from service.items.views import blp as items_blp

    api.register_blueprint(health_blp)
    api.register_blueprint(items_blp)
    return app
