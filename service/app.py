"""The application factory."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

from service.config import load_config
from service.db import db
from service.errors import register_error_handlers
from service.extensions import ProblemApi, csrf, login_manager, migrate
from service.queue import celery_init_app
from service.security import security_headers, stored_secret_key

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
                "siteKey": {"type": "http", "scheme": "bearer", "description": "Site API key"},
                "moderatorToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Moderator API token",
                },
            }
        },
    },
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app from defaults, ``COMMENTGUARD_*`` variables and ``config`` overrides."""
    settings = load_config(overrides=config)
    Path(settings["DATA_DIR"]).mkdir(parents=True, exist_ok=True)

    # Static files belong to the moderator UI blueprint; the app serves none of its own.
    app = Flask("commentguard", static_folder=None)
    app.config.update(API_SPEC)
    app.config.update(
        COMMENTGUARD=settings,
        SQLALCHEMY_DATABASE_URI=settings["DATABASE_URL"],
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        MAX_CONTENT_LENGTH=settings["MAX_BODY_BYTES"],
        JSON_SORT_KEYS=False,
        SECRET_KEY=settings["SECRET_KEY"] or stored_secret_key(Path(settings["DATA_DIR"])),
        SESSION_COOKIE_NAME="commentguard_session",
        SESSION_COOKIE_SECURE=settings["SECURE_COOKIES"],
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        WTF_CSRF_TIME_LIMIT=None,
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
    csrf.init_app(app)
    login_manager.init_app(app)

    import service.models  # noqa: F401 - every model registered before the first query
    from service.classifier.views import blp as models_blp
    from service.health.views import blp as health_blp
    from service.items.views import blp as items_blp
    from service.privacy.views import blp as privacy_blp
    from service.reports.views import blp as reports_blp
    from service.review.views import blp as review_blp
    from service.thresholds.views import blp as thresholds_blp

    api.register_blueprint(health_blp)
    api.register_blueprint(items_blp)
    api.register_blueprint(reports_blp)
    api.register_blueprint(review_blp)
    api.register_blueprint(thresholds_blp)
    api.register_blueprint(privacy_blp)
    api.register_blueprint(models_blp)
    # The API authenticates with bearer credentials, never cookies: CSRF cannot reach it.
    for blueprint in (
        health_blp,
        items_blp,
        reports_blp,
        review_blp,
        privacy_blp,
        thresholds_blp,
        models_blp,
    ):
        csrf.exempt(blueprint)

    from service.ui.views import blp as ui_blp

    app.register_blueprint(ui_blp)
    app.after_request(security_headers)
    return app
