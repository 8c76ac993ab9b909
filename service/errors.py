"""Every error leaves the API as one problem document (RFC 9457) with a stable ``code``."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, json
from werkzeug.exceptions import HTTPException

from service.db import db

log = logging.getLogger(__name__)

PROBLEM_MIMETYPE = "application/problem+json"

# Stable codes for the HTTP errors that Flask, Werkzeug and webargs raise themselves.
_CODES_BY_STATUS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


class ProblemError(Exception):
    """A domain error the API turns into a problem document; raise it from services."""

    status = 400
    code = "bad_request"
    title = "Bad request"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(ProblemError):
    status, code, title = 404, "not_found", "Not found"


class Conflict(ProblemError):
    status, code, title = 409, "conflict", "Conflict"


class Unauthorized(ProblemError):
    status, code, title = 401, "unauthorized", "Unauthorized"


class Unavailable(ProblemError):
    status, code, title = 503, "unavailable", "Service unavailable"


class ReasonRequired(ProblemError):
    """An action that must say why (a rejection, a forced promotion) was asked without a reason."""

    status, code, title = 422, "reason_required", "A reason is required"


def problem(
    status: int, code: str, detail: str, title: str | None = None, **extra: Any
) -> Response:
    body: dict[str, Any] = {
        "type": f"urn:commentguard:problem:{code}",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "code": code,
        "detail": detail,
    }
    body.update(extra)
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MIMETYPE)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="commentguard"'
    return response


def from_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    code = _CODES_BY_STATUS.get(status, "http_error")
    detail = error.description or HTTPStatus(status).description
    extra: dict[str, Any] = {}
    data = getattr(error, "data", None) or {}
    messages = data.get("messages")
    if messages is not None:
        # webargs puts field errors under the request location ("json", "query", ...).
        extra["errors"] = messages
        if status == 400 and "json" in messages:
            code, detail = "malformed_json", "The request body is not valid JSON."
        elif status == 422:
            detail = "The request has invalid or missing fields; see errors."
    response = problem(status, code, detail, **extra)
    for name, value in (data.get("headers") or {}).items():
        response.headers[name] = value
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ProblemError)
    def _domain_error(error: ProblemError) -> Response:
        return problem(error.status, error.code, error.detail, error.title, **error.extra)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        return from_http_exception(error)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        db.session.rollback()
        log.exception("unhandled error")
        return problem(500, "internal_error", "An unexpected error occurred; it has been logged.")
