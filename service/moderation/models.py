from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db import db, new_uuid, utcnow
from service.items.models import Item


class Score(db.Model):
    """The scores one model version gave one item."""

    __tablename__ = "scores"
    __table_args__ = (UniqueConstraint("item_id", "model_version_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    model_version_id: Mapped[int] = mapped_column(ForeignKey("model_versions.id"))
    spam: Mapped[float] = mapped_column(Float)
    toxicity: Mapped[float] = mapped_column(Float)
    # Finer scores a model may add (e.g. "deceptive"), and the spans that drove each score.
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    explanations: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Made by a shadow candidate beside the active model: recorded, never acted on or shown.
    shadow: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[Item] = relationship()


class Decision(db.Model):
    """One status change of an item: the append-only audit log."""

    __tablename__ = "decisions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid)
    item_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(200))
    reason_codes: Mapped[list[str]] = mapped_column(default=list)
    note: Mapped[str | None] = mapped_column(Text)
    score_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("scores.id"))
    # One moderator action (a single or a bulk decision) shares an id, so it is undone as one.
    action_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[Item] = relationship()
    score: Mapped[Score | None] = relationship()


class AuditLogIsAppendOnly(RuntimeError):
    pass


@event.listens_for(Decision, "before_update")
@event.listens_for(Decision, "before_delete")
def _refuse_rewriting_history(mapper: Any, connection: Any, target: Decision) -> None:
    raise AuditLogIsAppendOnly("decisions are never changed or deleted; append a new one")
