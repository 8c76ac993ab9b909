"""Moderator accounts: creation, sign-in with lock-out, API tokens, and which sites they see."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from service.auth import MODERATOR_TOKEN_PREFIX as TOKEN_PREFIX
from service.db import db, utcnow
from service.errors import Conflict, NotFound, ProblemError
from service.moderators.models import Moderator, ModeratorToken, Role
from service.sites.models import Site
from service.sites.services import get_site_by_name

MIN_PASSWORD_LENGTH = 10


class WeakPassword(ProblemError):
    status, code, title = 422, "weak_password", "Password too short"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_moderator(
    username: str,
    password: str,
    site_names: Iterable[str] = (),
    role: str | Role = Role.MODERATOR,
) -> Moderator:
    """Create an account scoped to the named sites (an admin sees every site)."""
    username = username.strip()
    if not username:
        raise ProblemError("A username cannot be empty.")
    if db.session.scalar(select(Moderator).where(Moderator.username == username)) is not None:
        raise Conflict(f"a moderator named {username!r} exists already")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"Use a password of at least {MIN_PASSWORD_LENGTH} characters.")
    moderator = Moderator(
        username=username,
        password_hash=generate_password_hash(password),
        role=Role(role),
        sites=[get_site_by_name(name) for name in site_names],
    )
    db.session.add(moderator)
    db.session.commit()
    return moderator


def get_moderator(username: str) -> Moderator:
    moderator = db.session.scalar(select(Moderator).where(Moderator.username == username))
    if moderator is None:
        raise NotFound(
            f"no moderator named {username!r}; `commentguard moderators list` shows them"
        )
    return moderator


def list_moderators() -> Sequence[Moderator]:
    return db.session.scalars(select(Moderator).order_by(Moderator.username)).all()


def set_password(moderator: Moderator, password: str) -> None:
    """Change the password, unlock the account and end its existing sessions."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"Use a password of at least {MIN_PASSWORD_LENGTH} characters.")
    moderator.password_hash = generate_password_hash(password)
    moderator.failed_logins = 0
    moderator.locked_until = None
    moderator.session_version += 1
    db.session.commit()


def grant_sites(moderator: Moderator, site_names: Iterable[str]) -> None:
    for name in site_names:
        site = get_site_by_name(name)
        if site not in moderator.sites:
            moderator.sites.append(site)
    db.session.commit()


@dataclass(frozen=True)
class SignIn:
    moderator: Moderator | None
    locked: bool = False


# Checked against when the username is unknown, so both failures take the same time.
_DUMMY_HASH = generate_password_hash(secrets.token_urlsafe(16))


def sign_in(username: str, password: str) -> SignIn:
    """Check a password; repeated failures lock the account for a while.

    The answer never says whether the username exists.
    """
    config = current_app.config["COMMENTGUARD"]
    moderator = db.session.scalar(select(Moderator).where(Moderator.username == username.strip()))
    if moderator is None or not moderator.is_active:
        check_password_hash(_DUMMY_HASH, password)
        return SignIn(None)
    now = utcnow()
    if moderator.locked_until is not None and moderator.locked_until > now:
        return SignIn(None, locked=True)
    if not check_password_hash(moderator.password_hash, password):
        moderator.failed_logins += 1
        locked = moderator.failed_logins >= config["LOGIN_MAX_FAILURES"]
        if locked:
            moderator.locked_until = now + timedelta(minutes=config["LOGIN_LOCKOUT_MINUTES"])
            moderator.failed_logins = 0
        db.session.commit()
        return SignIn(None, locked=locked)
    moderator.failed_logins = 0
    moderator.locked_until = None
    moderator.last_login_at = now
    db.session.commit()
    return SignIn(moderator)


def load_session_user(session_id: str) -> Moderator | None:
    """The moderator a session cookie names, unless the account changed since it was issued."""
    raw_id, _, version = session_id.partition(":")
    try:
        moderator = db.session.get(Moderator, uuid.UUID(raw_id))
    except ValueError:
        return None
    if moderator is None or str(moderator.session_version) != version:
        return None
    return moderator if moderator.is_active else None


def issue_token(moderator: Moderator) -> str:
    """A new API token for the moderator; returned here and never again."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(
        ModeratorToken(moderator=moderator, prefix=token[:12], token_hash=hash_token(token))
    )
    db.session.commit()
    return token


def moderator_for_token(token: str) -> Moderator | None:
    row = db.session.scalar(
        select(ModeratorToken).where(
            ModeratorToken.token_hash == hash_token(token), ModeratorToken.revoked_at.is_(None)
        )
    )
    if row is None or not row.moderator.is_active:
        return None
    return row.moderator


def site_ids(moderator: Moderator) -> list[uuid.UUID]:
    """The sites the moderator works on: their own, or every site for an admin."""
    if moderator.is_admin:
        return list(db.session.scalars(select(Site.id)))
    return [site.id for site in moderator.sites]


def visible_sites(moderator: Moderator) -> Sequence[Site]:
    if moderator.is_admin:
        return db.session.scalars(select(Site).order_by(Site.name)).all()
    return moderator.sites
