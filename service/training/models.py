from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Enum, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.classifier.models import ModelVersion
from service.db import db, new_uuid, utcnow


class TrainingSnapshot(db.Model):
    """The labelled examples one training run used, frozen: what the model learned from.

    The examples are kept (gzipped JSON lines) so a run can be repeated and audited; only an
    author's erasure ever rewrites them.
    """

    __tablename__ = "training_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    digest: Mapped[str] = mapped_column(String(64), index=True)
    example_count: Mapped[int]
    # Examples per source, label and language, for the registry and the gate's report.
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class TrainingJob(db.Model):
    """A training run requested by an operator, carried out by a worker; its progress."""

    __tablename__ = "training_jobs"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid)
    status: Mapped[JobStatus] = mapped_column(
        Enum(
            JobStatus, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e]
        ),
        default=JobStatus.QUEUED,
    )
    recipe: Mapped[str] = mapped_column(String(32))
    random_state: Mapped[int] = mapped_column(default=0)
    requested_by: Mapped[str] = mapped_column(String(200))
    step: Mapped[str] = mapped_column(String(200), default="")
    steps_done: Mapped[int] = mapped_column(default=0)
    steps_total: Mapped[int] = mapped_column(default=0)
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("training_snapshots.id"))
    model_version_id: Mapped[int | None] = mapped_column(ForeignKey("model_versions.id"))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    snapshot: Mapped[TrainingSnapshot | None] = relationship()
    model_version: Mapped[ModelVersion | None] = relationship()
