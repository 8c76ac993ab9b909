from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db import db, new_uuid, utcnow


class Site(db.Model):
    """A tenant: one host site, with its webhook and moderation policy."""

    __tablename__ = "sites"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    webhook_url: Mapped[str | None] = mapped_column(String(2000))
    # Kept in clear: signing needs the secret itself, and the host site holds the same value.
    webhook_secret: Mapped[str] = mapped_column(String(100))
    policy: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    api_keys: Mapped[list[ApiKey]] = relationship(back_populates="site")


class ApiKey(db.Model):
    """A host site's API key; only its SHA-256 is stored, the key is shown once."""

    __tablename__ = "api_keys"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    site: Mapped[Site] = relationship(back_populates="api_keys")
