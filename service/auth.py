"""Host-site authentication: ``Authorization: Bearer <site API key>``."""

from __future__ import annotations

import hashlib
import secrets

from flask import g, request
from sqlalchemy import select

from service.db import db
from service.errors import Unauthorized
from service.sites.models import ApiKey, Site

KEY_PREFIX = "cg_"


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
        raise Unauthorized("The API key is unknown or revoked.")
    g.site = site
