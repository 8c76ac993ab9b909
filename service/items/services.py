"""Submitting items and reading them back: idempotency, tenancy and the wait for a decision."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError

from service.classifier.models import ModelVersion
from service.db import db
from service.errors import Conflict, NotFound, ProblemError
from service.items.models import Article, Author, Item, ItemKind, ItemStatus
from service.moderation.models import Decision, Score
from service.queue import MODERATE_ITEM, send_after_commit
from service.sites.models import Site

_SUBMIT_ATTEMPTS = 3


class IdempotencyConflict(Conflict):
    code, title = "idempotency_conflict", "Idempotency key reused with a different body"


class ExternalIdConflict(Conflict):
    code, title = "external_id_conflict", "external_id reused with a different body"


class InvalidIdempotencyKey(ProblemError):
    status, code, title = 400, "invalid_idempotency_key", "Invalid Idempotency-Key"


def idempotency_key(header: str | None) -> str | None:
    """The Idempotency-Key header's value: 1 to 255 printable ASCII characters, or absent."""
    if header is None or header == "":
        return None
    if len(header) > 255 or not header.isascii() or not header.isprintable():
        raise InvalidIdempotencyKey("Idempotency-Key must be 1 to 255 printable ASCII characters.")
    return header


class InvalidCursor(ProblemError):
    status, code, title = 422, "invalid_cursor", "Invalid cursor"


@dataclass(frozen=True)
class Submission:
    item: Item
    created: bool


def request_hash(payload: dict[str, Any]) -> str:
    """A fingerprint of the submitted body, to tell a retry from a different request."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _existing(site: Site, payload: dict[str, Any], key: str | None, digest: str) -> Item | None:
    if key is not None:
        item = db.session.scalar(
            select(Item).where(Item.site_id == site.id, Item.idempotency_key == key)
        )
        if item is not None:
            if item.request_hash != digest:
                raise IdempotencyConflict(
                    "This Idempotency-Key was used for a different request; use a new key."
                )
            return item
    item = db.session.scalar(
        select(Item).where(Item.site_id == site.id, Item.external_id == payload["external_id"])
    )
    if item is not None and item.request_hash != digest:
        raise ExternalIdConflict(
            f"An item with external_id {payload['external_id']!r} was submitted with a different "
            "body; item edits are not supported, submit the edit under a new external_id."
        )
    return item


def _article(site: Site, data: dict[str, Any]) -> Article:
    article = db.session.scalar(
        select(Article).where(Article.site_id == site.id, Article.external_id == data["id"])
    )
    if article is None:
        article = Article(site_id=site.id, external_id=data["id"])
        db.session.add(article)
    # The latest submission knows the article's current url and title best.
    article.url = data.get("url") or article.url
    article.title = data.get("title") or article.title
    return article


def _author(site: Site, data: dict[str, Any] | None) -> Author | None:
    if data is None:
        return None
    author = db.session.scalar(
        select(Author).where(Author.site_id == site.id, Author.external_id == data["id"])
    )
    if author is None:
        author = Author(site_id=site.id, external_id=data["id"])
        db.session.add(author)
    author.display_name = data.get("name") or author.display_name
    return author


def _create(site: Site, payload: dict[str, Any], key: str | None, digest: str) -> Item:
    parent = None
    if payload.get("parent_id"):
        parent = db.session.scalar(
            select(Item).where(Item.site_id == site.id, Item.external_id == payload["parent_id"])
        )
    item = Item(
        site_id=site.id,
        external_id=payload["external_id"],
        kind=ItemKind(payload["kind"]),
        rating=payload.get("rating"),
        article=_article(site, payload["article"]),
        author=_author(site, payload.get("author")),
        parent_id=parent.id if parent else None,
        parent_external_id=payload.get("parent_id"),
        text=payload["text"],
        language=payload.get("language"),
        language_source="given" if payload.get("language") else None,
        client_ip=str(payload["client_ip"]) if payload.get("client_ip") else None,
        user_agent=payload.get("user_agent"),
        status=ItemStatus.PENDING,
        idempotency_key=key,
        request_hash=digest,
    )
    db.session.add(item)
    db.session.flush()
    send_after_commit(db.session, MODERATE_ITEM, str(item.id))
    db.session.commit()
    return item


def submit_item(site: Site, payload: dict[str, Any], idempotency_key: str | None) -> Submission:
    """Store a new item and queue it, or return the original of a retried submission.

    A concurrent duplicate loses the race on a unique constraint; it is then retried and finds
    the winner's row, so a comment is stored once whatever the timing.
    """
    digest = request_hash(payload)
    for attempt in range(_SUBMIT_ATTEMPTS):
        existing = _existing(site, payload, idempotency_key, digest)
        if existing is not None:
            db.session.commit()
            return Submission(existing, created=False)
        try:
            return Submission(_create(site, payload, idempotency_key, digest), created=True)
        except IntegrityError:
            db.session.rollback()
            if attempt == _SUBMIT_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def get_item(site: Site, item_id: str) -> Item:
    try:
        key = uuid.UUID(item_id)
    except ValueError:
        raise NotFound(f"no item {item_id!r}") from None
    item = db.session.get(Item, key)
    if item is None or item.site_id != site.id:
        raise NotFound(f"no item {item_id!r}")
    return item


def wait_for_decision(item_id: uuid.UUID, wait_ms: int) -> Item:
    """Poll until the item leaves ``pending`` or ``wait_ms`` passes; return its latest state."""
    deadline = time.monotonic() + wait_ms / 1000
    delay = 0.02
    while True:
        # End the read transaction so each poll sees the worker's latest commit.
        db.session.rollback()
        item = db.session.get(Item, item_id, populate_existing=True)
        assert item is not None
        remaining = deadline - time.monotonic()
        if item.status != ItemStatus.PENDING or remaining <= 0:
            return item
        time.sleep(min(delay, remaining))
        delay = min(delay * 1.5, 0.1)


def _encode_cursor(item: Item) -> str:
    raw = f"{item.created_at.isoformat()}|{item.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        created_at, item_id = raw.split("|")
        return datetime.fromisoformat(created_at), uuid.UUID(item_id)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidCursor("The cursor is not one this API gave out.") from None


def list_items(site: Site, query: dict[str, Any]) -> tuple[list[Item], str | None]:
    """The site's items, newest first, filtered; keyset pagination by (created_at, id)."""
    statement = select(Item).where(Item.site_id == site.id)
    if "external_id" in query:
        statement = statement.where(Item.external_id == query["external_id"])
    if "status" in query:
        statement = statement.where(Item.status == ItemStatus(query["status"]))
    if "cursor" in query:
        created_at, item_id = _decode_cursor(query["cursor"])
        statement = statement.where(
            or_(
                Item.created_at < created_at,
                and_(Item.created_at == created_at, Item.id < item_id),
            )
        )
    limit = query["limit"]
    items = list(
        db.session.scalars(
            statement.order_by(Item.created_at.desc(), Item.id.desc()).limit(limit + 1)
        )
    )
    next_cursor = _encode_cursor(items[limit - 1]) if len(items) > limit else None
    return items[:limit], next_cursor


def represent(item: Item) -> dict[str, Any]:
    """The item as the API and webhooks show it: status, last decision, latest scores."""
    decision = db.session.scalar(
        select(Decision)
        .where(Decision.item_id == item.id)
        .order_by(Decision.created_at.desc())
        .limit(1)
    )
    score_row = db.session.execute(
        select(Score, ModelVersion.name)
        .join(ModelVersion, Score.model_version_id == ModelVersion.id)
        .where(Score.item_id == item.id, Score.shadow.is_(False))
        .order_by(Score.created_at.desc())
        .limit(1)
    ).first()
    score, model_name = score_row if score_row else (None, None)
    return {
        "id": str(item.id),
        "external_id": item.external_id,
        "kind": item.kind.value,
        "rating": item.rating,
        "status": item.status.value,
        "language": item.language,
        "article": {
            "id": item.article.external_id,
            "url": item.article.url,
            "title": item.article.title,
        },
        "author": (
            {"id": item.author.external_id, "name": item.author.display_name}
            if item.author
            else None
        ),
        "parent_id": item.parent_external_id,
        "reports": item.report_count,
        "created_at": item.created_at,
        "decided_at": item.decided_at,
        "decision": (
            {
                "status": decision.to_status,
                "reason_codes": decision.reason_codes,
                "actor": decision.actor,
                "note": decision.note,
                "decided_at": decision.created_at,
            }
            if decision
            else None
        ),
        "scores": (
            {"spam": score.spam, "toxicity": score.toxicity, **score.extra} if score else None
        ),
        "explanations": score.explanations if score else None,
        "model_version": model_name,
        "erased": item.erased_at is not None,
    }
