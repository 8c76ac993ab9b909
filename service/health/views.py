from __future__ import annotations

from typing import Any

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import text

from service.classifier.services import check_active
from service.db import db
from service.errors import problem

blp = Blueprint("health", __name__, description="Liveness and readiness for orchestrators.")


class HealthOut(Schema):
    status = fields.String()
    checks = fields.Dict(keys=fields.String(), values=fields.String())


def _check_database() -> str | None:
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except Exception as error:
        db.session.rollback()
        return f"{type(error).__name__}: {error}"[:300]
    return None


def _check_broker() -> str | None:
    celery = current_app.extensions["celery"]
    try:
        with celery.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:
        return f"{type(error).__name__}: {error}"[:300]
    return None


@blp.route("/healthz")
class Health(MethodView):
    @blp.response(200, HealthOut)
    def get(self) -> dict[str, Any]:
        """The process is up."""
        return {"status": "ok", "checks": {}}


@blp.route("/readyz")
class Ready(MethodView):
    @blp.response(200, HealthOut)
    @blp.alt_response(503, description="A dependency is not ready; the body says which.")
    def get(self) -> Any:
        """The database, the broker and the active model are usable."""
        database = _check_database()
        checks = {
            "database": database,
            "broker": _check_broker(),
            "model": check_active() if database is None else "database down",
        }
        failures = {name: error for name, error in checks.items() if error is not None}
        if failures:
            return problem(
                503,
                "not_ready",
                "; ".join(f"{k}: {v}" for k, v in failures.items()),
                checks=failures,
            )
        return {"status": "ready", "checks": {"database": "ok", "broker": "ok", "model": "ok"}}
