from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import Column, Enum, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db import db, new_uuid, utcnow
from service.sites.models import Site


class Role(enum.StrEnum):
    MODERATOR = "moderator"
    ADMIN = "admin"


moderator_sites = Table(
    "moderator_sites",
    db.metadata,
    Column("moderator_id", ForeignKey("moderators.id", ondelete="CASCADE"), primary_key=True),
    Column("site_id", ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True),
)


class Moderator(db.Model):
    """A person who reviews held items, on the sites they are scoped to (admins: every site)."""

    __tablename__ = "moderators"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e]),
        default=Role.MODERATOR,
    )
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    # Bumped on password change and sign-out everywhere: sessions carry it and die with it.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    disabled_at: Mapped[datetime | None]

    sites: Mapped[list[Site]] = relationship(secondary=moderator_sites, order_by=Site.name)

    @property
    def actor(self) -> str:
        """How the audit log names this moderator."""
        return f"moderator:{self.username}"

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    # Flask-Login's user protocol.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


class ModeratorToken(db.Model):
    """A moderator's API token for tools; only its SHA-256 is stored, the token is shown once."""

    __tablename__ = "moderator_tokens"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid)
    moderator_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("moderators.id", ondelete="CASCADE"), index=True
    )
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    moderator: Mapped[Moderator] = relationship()
