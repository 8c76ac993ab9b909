"""Webhook signatures: HMAC-SHA256 over ``"<timestamp>.<body>"`` with the site's secret.

Header: ``Commentguard-Signature: t=<unix seconds>,v1=<hex digest>``. A host verifies it by
recomputing the digest and rejecting timestamps older than a few minutes (replays).
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "Commentguard-Signature"
EVENT_ID_HEADER = "Commentguard-Event-Id"
EVENT_TYPE_HEADER = "Commentguard-Event-Type"


def sign(secret: str, body: bytes, timestamp: int) -> str:
    message = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(
    secret: str, body: bytes, header: str, tolerance: float = 300, now: float | None = None
) -> bool:
    """True when ``header`` signs ``body`` with ``secret`` and is no older than ``tolerance`` s."""
    try:
        parts = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now if now is not None else time.time()) - timestamp) > tolerance:
        return False
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))
