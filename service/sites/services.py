"""Creating sites and their keys, and changing a site's policy."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from service.auth import hash_api_key, new_api_key
from service.db import db
from service.errors import Conflict, NotFound, ProblemError
from service.moderation.policy import MODES, thresholds, validate_thresholds
from service.sites.models import ApiKey, Site


@dataclass(frozen=True)
class NewSite:
    site: Site
    api_key: str


def create_site(name: str, webhook_url: str | None = None) -> NewSite:
    """Create a site with one API key; the key is returned here and never again."""
    if db.session.scalar(select(Site).where(Site.name == name)) is not None:
        raise Conflict(f"a site named {name!r} exists already")
    site = Site(
        name=name,
        webhook_url=webhook_url,
        webhook_secret="whsec_" + secrets.token_urlsafe(32),
        policy={},
    )
    key = new_api_key()
    db.session.add(site)
    db.session.add(ApiKey(site=site, prefix=key[:10], key_hash=hash_api_key(key)))
    db.session.commit()
    return NewSite(site=site, api_key=key)


def get_site_by_name(name: str) -> Site:
    site = db.session.scalar(select(Site).where(Site.name == name))
    if site is None:
        raise NotFound(f"no site named {name!r}; `commentguard sites list` shows them")
    return site


def add_api_key(site: Site) -> str:
    key = new_api_key()
    db.session.add(ApiKey(site=site, prefix=key[:10], key_hash=hash_api_key(key)))
    db.session.commit()
    return key


def set_thresholds(site: Site, changes: dict[str, dict[str, float]]) -> dict[str, Any]:
    """Merge threshold changes into the site's policy, validating the result as a whole."""
    merged = thresholds(site.policy)
    for name, values in changes.items():
        merged.setdefault(name, {}).update(values)
    validate_thresholds(merged)
    site.policy = {**site.policy, "thresholds": merged}
    db.session.commit()
    return site.policy


def set_report_threshold(site: Site, reports: int) -> dict[str, Any]:
    """How many readers' reports send an approved item back to review."""
    if reports < 1:
        raise ProblemError("The report threshold is at least 1.")
    site.policy = {**site.policy, "report_threshold": reports}
    db.session.commit()
    return site.policy


def set_mode(site: Site, mode: str) -> dict[str, Any]:
    """enforce: decisions take effect; observe: decisions are recorded, every item published."""
    if mode not in MODES:
        raise ProblemError(f"mode must be one of {', '.join(MODES)}")
    site.policy = {**site.policy, "mode": mode}
    db.session.commit()
    return site.policy
