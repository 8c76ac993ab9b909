"""Webhook events: recorded with the change that causes them, then delivered with retries.

The delivery row is the source of truth: a task claims it, POSTs the stored body, records the
attempt and schedules the next one with exponential backoff; the sweeper resends any delivery
whose task was lost.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

import requests
from flask import current_app
from sqlalchemy import update

from service.db import db, utcnow
from service.items.models import Item
from service.items.schemas import ItemOut
from service.items.services import represent
from service.queue import DELIVER_WEBHOOK, send_after_commit
from service.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery
from service.webhooks.signing import EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, sign

log = logging.getLogger(__name__)

_item_schema = ItemOut()


def queue_event(item: Item, event_type: str) -> WebhookDelivery | None:
    """Record an event for the item's site (if it has a webhook) in the current transaction."""
    site = item.site
    if not site.webhook_url:
        return None
    delivery = WebhookDelivery(
        id=uuid.uuid4(), site_id=site.id, item_id=item.id, event_type=event_type
    )
    body = {
        "id": str(delivery.id),
        "type": event_type,
        "created_at": utcnow().isoformat(),
        "data": _item_schema.dump(represent(item)),
    }
    delivery.body = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    db.session.add(delivery)
    send_after_commit(db.session, DELIVER_WEBHOOK, str(delivery.id))
    return delivery


@dataclass(frozen=True)
class AttemptResult:
    delivered: bool
    retry_in: float | None


def _claim(delivery_id: uuid.UUID, lease: float) -> bool:
    now = utcnow()
    claimed = db.session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.id == delivery_id,
            WebhookDelivery.next_attempt_at <= now,
            (WebhookDelivery.status == DeliveryStatus.PENDING)
            | (
                (WebhookDelivery.status == DeliveryStatus.SENDING)
                & (WebhookDelivery.locked_until < now)
            ),
        )
        .values(status=DeliveryStatus.SENDING, locked_until=now + timedelta(seconds=lease))
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return claimed.rowcount == 1


def deliver(delivery_id: uuid.UUID) -> AttemptResult | None:
    """Make one attempt at a due delivery; None when it is not due or another worker has it."""
    config = current_app.config["COMMENTGUARD"]
    timeout = config["WEBHOOK_TIMEOUT"]
    if not _claim(delivery_id, lease=timeout * 3 + 30):
        return None
    delivery = db.session.get(WebhookDelivery, delivery_id, populate_existing=True)
    assert delivery is not None
    site = delivery.site
    body = delivery.body.encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "commentguard-webhooks/1",
        SIGNATURE_HEADER: sign(site.webhook_secret, body, timestamp),
        EVENT_ID_HEADER: str(delivery.id),
        EVENT_TYPE_HEADER: delivery.event_type,
    }
    started = utcnow()
    clock = time.monotonic()
    status_code: int | None = None
    error: str | None = None
    try:
        response = requests.post(
            site.webhook_url or "",
            data=body,
            headers=headers,
            timeout=timeout,
            allow_redirects=False,
        )
        status_code = response.status_code
        if not 200 <= status_code < 300:
            error = f"host answered {status_code}"
    except requests.RequestException as exc:
        error = f"{type(exc).__name__}: {exc}"[:1000]
    delivery.attempts += 1
    db.session.add(
        WebhookAttempt(
            delivery_id=delivery.id,
            number=delivery.attempts,
            started_at=started,
            duration_ms=int((time.monotonic() - clock) * 1000),
            status_code=status_code,
            error=error,
        )
    )
    delivery.locked_until = None
    if error is None:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = utcnow()
        db.session.commit()
        return AttemptResult(delivered=True, retry_in=None)
    if delivery.attempts >= config["WEBHOOK_MAX_ATTEMPTS"]:
        delivery.status = DeliveryStatus.FAILED
        db.session.commit()
        log.warning(
            "webhook %s given up after %d attempts: %s", delivery.id, delivery.attempts, error
        )
        return AttemptResult(delivered=False, retry_in=None)
    retry_in = config["WEBHOOK_BACKOFF"] * 2 ** (delivery.attempts - 1)
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = utcnow() + timedelta(seconds=retry_in)
    db.session.commit()
    return AttemptResult(delivered=False, retry_in=retry_in)
