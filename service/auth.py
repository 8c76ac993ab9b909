"""Host-site authentication: ``Authorization: Bearer <site API key>``."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from flask import g, request
from sqlalchemy import select

from service.db import db
from service.errors import ProblemError, Unauthorized
from service.sites.models import ApiKey, Site

if TYPE_CHECKING:
    from service.moderators.models import Moderator

KEY_PREFIX = "cg_"
MODERATOR_TOKEN_PREFIX = "cgm_"


def new_api_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def site_for_key(key: str) -> Site | None:
    api_key = db.session.scalar(
        select(ApiKey).where(ApiKey.key_hash == hash_api_key(key), ApiKey.revoked_at.is_(None))
    )
    return api_key.site if api_key else None


def current_site() -> Site:
    return g.site


def authenticate_site() -> None:
    """Resolve the bearer key to its site (``g.site``) or answer 401; a ``before_request`` hook."""
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise Unauthorized("Send the site's API key as 'Authorization: Bearer <key>'.")
    site = site_for_key(key.strip())
    if site is None:
        if key.strip().startswith(MODERATOR_TOKEN_PREFIX):
            raise Forbidden(
                "This is a moderator token; host-site endpoints need the site's API key."
            )
        raise Unauthorized("The API key is unknown or revoked.")
    g.site = site


class Forbidden(ProblemError):
    status, code, title = 403, "forbidden", "Forbidden"


def _bearer() -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Send a moderator token as 'Authorization: Bearer <token>'.")
    return token.strip()


def authenticate_moderator() -> None:
    """Resolve a moderator token to its moderator (``g.moderator``); a ``before_request`` hook.

    A site's API key is refused here: host sites submit and read items, they do not moderate.
    """
    from service.moderators.services import moderator_for_token

    token = _bearer()
    moderator = moderator_for_token(token)
    if moderator is None:
        if site_for_key(token) is not None:
            raise Forbidden(
                "This is a site API key; moderator endpoints need a moderator token "
                "(`commentguard moderators token <name>`)."
            )
        raise Unauthorized("The moderator token is unknown or revoked.")
    g.moderator = moderator


def current_moderator() -> Moderator:
    return g.moderator


def authenticate_admin() -> None:
    """An admin's moderator token; a ``before_request`` hook for the ops endpoints."""
    authenticate_moderator()
    if not g.moderator.is_admin:
        raise Forbidden("Only an admin may do this; ask one, or use the command line.")
