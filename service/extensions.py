"""Flask extensions, created unbound here and bound to an app in ``create_app``."""

from __future__ import annotations

from pathlib import Path

from flask import Response
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_wtf import CSRFProtect
from werkzeug.exceptions import HTTPException

from service.errors import from_http_exception

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


class ProblemApi(Api):
    """flask-smorest's Api, answering every HTTP error with a problem document."""

    def handle_http_exception(self, error: HTTPException) -> Response:
        return from_http_exception(error)


migrate = Migrate(directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
