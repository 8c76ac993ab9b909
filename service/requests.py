"""Checks every API request with a body goes through before its schema reads it."""

from __future__ import annotations

from flask import request

from service.errors import ProblemError


class UnsupportedMediaType(ProblemError):
    status, code, title = 415, "unsupported_media_type", "Unsupported media type"


def require_json_body() -> None:
    if request.method not in {"POST", "PUT", "PATCH"}:
        return
    if not request.is_json:
        raise UnsupportedMediaType(
            f"Send the body as application/json, not {request.mimetype or 'no content type'}."
        )


def require_json_body_when_sent() -> None:
    """For endpoints where some POSTs take no body (undo, rollback): check only bodies sent."""
    if request.content_length:
        require_json_body()
