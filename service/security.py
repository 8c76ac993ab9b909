"""Browser-facing safety: the session secret and the headers every response carries."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Response

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)


def stored_secret_key(data_dir: Path) -> str:
    """The embedded shape's session secret: made once, kept in DATA_DIR/secret_key (0600)."""
    path = data_dir / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(48)
    draft = data_dir / f".secret_key.{os.getpid()}"
    with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
        file.write(key)
    try:
        # A hard link appears whole or not at all: a process racing this one reads a full key.
        os.link(draft, path)
    except FileExistsError:
        key = path.read_text().strip()
    finally:
        draft.unlink()
    return key


def security_headers(response: Response) -> Response:
    """No page of ours runs inline script or styles, is framed, or is sniffed into another type."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response
