from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.db import db, new_uuid, utcnow


class Report(db.Model):
    """A reader's report of an item, passed on by the host site; one per reader and item."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("item_id", "reader_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid)
    item_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), index=True
    )
    reader_id: Mapped[str | None] = mapped_column(String(255))
    reason: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
