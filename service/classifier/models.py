from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import Enum, ForeignKey, Index, Integer, LargeBinary, String, text
from sqlalchemy.orm import Mapped, mapped_column

from service.db import db, utcnow


class ModelStatus(enum.StrEnum):
    CANDIDATE = "candidate"
    ACTIVE = "active"
    RETIRED = "retired"


class ModelVersion(db.Model):
    """A trained classifier: its artifact (in the database, where every worker can load it)."""

    __tablename__ = "model_versions"
    __table_args__ = (
        # At most one active version at any time.
        Index(
            "uq_model_versions_one_active",
            "status",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[ModelStatus] = mapped_column(
        Enum(
            ModelStatus,
            native_enum=False,
            length=16,
            values_callable=lambda e: [m.value for m in e],
        ),
        default=ModelStatus.CANDIDATE,
    )
    recipe: Mapped[str] = mapped_column(String(64))
    checksum: Mapped[str] = mapped_column(String(64))
    artifact_size: Mapped[int]
    artifact: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    # Library versions, training data summary and hash, evaluation metrics.
    facts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    activated_at: Mapped[datetime | None]
    # The labelled data it learned from (None for versions trained outside a training job).
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("training_snapshots.id"))
    # A candidate in shadow scores live traffic beside the active version, without acting.
    shadow: Mapped[bool] = mapped_column(default=False)
