"""Rows for tests: items in a chosen state, with the score and policy decision behind it."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Flask
from sqlalchemy import select

from service.classifier.models import ModelStatus, ModelVersion
from service.db import db, utcnow
from service.items.models import Article, Author, Item, ItemKind, ItemStatus
from service.moderation.models import Decision, Score
from service.moderation.services import REVIEW_QUEUE_HELD, join_reasons
from service.sites.services import get_site_by_name
from service.webhooks.models import WebhookDelivery


def _get_or_create(model: Any, site_id: uuid.UUID, external_id: str, **values: Any) -> Any:
    row = db.session.scalar(
        select(model).where(model.site_id == site_id, model.external_id == external_id)
    )
    if row is None:
        row = model(site_id=site_id, external_id=external_id, **values)
        db.session.add(row)
    return row


def _item(
    site_name: str,
    text: str,
    status: ItemStatus,
    *,
    spam: float,
    toxicity: float,
    reason_codes: list[str],
    language: str | None = "en",
    kind: str = "comment",
    rating: int | None = None,
    author_id: str | None = "reader-1",
    author_name: str | None = None,
    article_id: str = "art-1",
    article_url: str | None = None,
    article_title: str | None = "An article",
    parent_external_id: str | None = None,
    explanations: dict[str, Any] | None = None,
) -> Item:
    site = get_site_by_name(site_name)
    now = utcnow()
    article = _get_or_create(Article, site.id, article_id, url=article_url, title=article_title)
    author = None
    if author_id is not None:
        author = _get_or_create(Author, site.id, author_id, display_name=author_name)
    parent = None
    if parent_external_id is not None:
        parent = db.session.scalar(
            select(Item).where(Item.site_id == site.id, Item.external_id == parent_external_id)
        )
    held = status == ItemStatus.HELD
    item = Item(
        site_id=site.id,
        external_id=f"c-{uuid.uuid4().hex[:12]}",
        kind=ItemKind(kind),
        rating=rating,
        article=article,
        author=author,
        parent_id=parent.id if parent else None,
        parent_external_id=parent_external_id,
        text=text,
        language=language,
        language_source="given" if language else None,
        status=status,
        request_hash="0" * 64,
        decided_at=now,
        risk=max(spam, toxicity),
        review_queue=REVIEW_QUEUE_HELD if held else None,
        review_reasons=join_reasons(reason_codes) if held else "",
        held_at=now if held else None,
    )
    db.session.add(item)
    db.session.flush()
    version_id = db.session.scalar(
        select(ModelVersion.id).where(ModelVersion.status == ModelStatus.ACTIVE)
    )
    score = Score(
        item_id=item.id,
        model_version_id=version_id,
        spam=spam,
        toxicity=toxicity,
        explanations=explanations or {},
        created_at=now,
    )
    db.session.add(score)
    db.session.add(
        Decision(
            item_id=item.id,
            from_status="pending",
            to_status=status.value,
            actor="policy",
            reason_codes=reason_codes,
            score=score,
            created_at=now,
        )
    )
    db.session.commit()
    return item


def held_item(
    app: Flask, site_name: str, text: str, *, spam: float = 0.6, toxicity: float = 0.2, **kw: Any
) -> str:
    """A comment the policy held for review; returns its id."""
    reasons = [
        f"{name}_suspect" for name, v in (("spam", spam), ("toxicity", toxicity)) if v >= 0.5
    ]
    with app.app_context():
        item = _item(
            site_name,
            text,
            ItemStatus.HELD,
            spam=spam,
            toxicity=toxicity,
            reason_codes=reasons,
            **kw,
        )
        return str(item.id)


def decided_item(
    app: Flask,
    site_name: str,
    text: str,
    status: str,
    *,
    spam: float = 0.1,
    toxicity: float = 0.1,
    **kw: Any,
) -> str:
    """A comment the policy approved or rejected; returns its id."""
    target = ItemStatus(status)
    reasons = ["scores_low"] if target == ItemStatus.APPROVED else ["toxicity_high"]
    with app.app_context():
        item = _item(
            site_name, text, target, spam=spam, toxicity=toxicity, reason_codes=reasons, **kw
        )
        return str(item.id)


def item_row(app: Flask, item_id: str) -> Item:
    """The item as stored now, detached so it can be read after the app context ends."""
    with app.app_context():
        item = db.session.get(Item, uuid.UUID(item_id))
        assert item is not None
        db.session.expunge(item)
        return item


def decisions_of(app: Flask, item_id: str) -> list[Decision]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Decision)
                .where(Decision.item_id == uuid.UUID(item_id))
                .order_by(Decision.created_at)
            )
        )


def deliveries_of(app: Flask, item_id: str) -> list[WebhookDelivery]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(WebhookDelivery).where(WebhookDelivery.item_id == uuid.UUID(item_id))
            )
        )
