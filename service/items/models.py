from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db import db, new_uuid, utcnow
from service.sites.models import Site


class ItemKind(enum.StrEnum):
    COMMENT = "comment"
    REVIEW = "review"


class ItemStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    HELD = "held"


class Article(db.Model):
    __tablename__ = "articles"
    __table_args__ = (UniqueConstraint("site_id", "external_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(255))
    url: Mapped[str | None] = mapped_column(String(2000))
    title: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Author(db.Model):
    __tablename__ = "authors"
    __table_args__ = (UniqueConstraint("site_id", "external_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    erased_at: Mapped[datetime | None]


class Item(db.Model):
    """A reader's comment or review, as the host site submitted it."""

    __tablename__ = "items"
    __table_args__ = (
        UniqueConstraint("site_id", "external_id"),
        UniqueConstraint("site_id", "idempotency_key"),
        CheckConstraint(
            "(kind = 'review' AND rating BETWEEN 1 AND 5) OR (kind = 'comment' AND rating IS NULL)",
            name="rating_matches_kind",
        ),
        Index("ix_items_status_enqueued_at", "status", "enqueued_at"),
        Index("ix_items_site_id_created_at", "site_id", "created_at"),
        Index("ix_items_review_queue_risk", "review_queue", "risk"),
        Index("ix_items_review_queue_held_at", "review_queue", "held_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(255))
    kind: Mapped[ItemKind] = mapped_column(
        Enum(ItemKind, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
    )
    rating: Mapped[int | None]
    article_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    author_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("authors.id", ondelete="SET NULL"), index=True
    )
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("items.id", ondelete="SET NULL"))
    parent_external_id: Mapped[str | None] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    language_source: Mapped[str | None] = mapped_column(String(16))
    client_ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(512))
    status: Mapped[ItemStatus] = mapped_column(
        Enum(
            ItemStatus, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e]
        ),
        default=ItemStatus.PENDING,
    )
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    request_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    enqueued_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    # The review queue, kept on the row so the queue filters and sorts with plain indexes.
    # review_queue is "held" (held by the policy) or "reported" (sent back by readers' reports),
    # None when no review is due; review_reasons holds the reason codes as ",code,code,".
    review_queue: Mapped[str | None] = mapped_column(String(16))
    review_reasons: Mapped[str] = mapped_column(String(200), default="")
    held_at: Mapped[datetime | None]
    # The highest score that applies to the item, from its latest scoring.
    risk: Mapped[float | None]
    report_count: Mapped[int] = mapped_column(default=0)
    # Set when the author's data was erased on request: the text and personal data are gone.
    erased_at: Mapped[datetime | None]

    site: Mapped[Site] = relationship()
    article: Mapped[Article] = relationship()
    author: Mapped[Author | None] = relationship()
