"""Recording operators' actions in the append-only audit log."""

from __future__ import annotations

import uuid
from typing import Any

from service.audit.models import AuditEvent
from service.db import db


def record(
    actor: str,
    action: str,
    subject: str = "",
    site_id: uuid.UUID | None = None,
    **detail: Any,
) -> AuditEvent:
    """Add an event to the current transaction; it commits (or not) with the action itself."""
    event = AuditEvent(actor=actor, action=action, subject=subject, site_id=site_id, detail=detail)
    db.session.add(event)
    return event
