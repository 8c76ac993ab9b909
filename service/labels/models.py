from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.db import db, new_uuid, utcnow


class LabelledExample(db.Model):
    """A labelled text for training and evaluation, with where it came from."""

    __tablename__ = "labelled_examples"
    __table_args__ = (
        UniqueConstraint("source", "task", "text_hash"),
        Index("ix_labelled_examples_task_label", "task", "label"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid)
    text: Mapped[str] = mapped_column(Text)
    # SHA-256 of the text with case and spacing folded: what counts as "the same text".
    text_hash: Mapped[str] = mapped_column(String(64), index=True)
    task: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(32))
    lang: Mapped[str] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(100))
    group_key: Mapped[str] = mapped_column(String(200), default="")
    tags: Mapped[list[str]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
