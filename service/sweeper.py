"""The sweeper: resend work whose task was lost (broker outage, killed worker).

The database says what is owed: items still ``pending`` after PENDING_TIMEOUT since they were
last sent, and webhook deliveries overdue or stuck in ``sending`` past their lease.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from service.db import db, utcnow
from service.items.models import Item, ItemStatus
from service.queue import DELIVER_WEBHOOK, MODERATE_ITEM, send_after_commit
from service.webhooks.models import DeliveryStatus, WebhookDelivery

BATCH = 500


@dataclass(frozen=True)
class SweepReport:
    items: int
    deliveries: int


def sweep() -> SweepReport:
    config = current_app.config["COMMENTGUARD"]
    now = utcnow()
    cutoff = now - timedelta(seconds=config["PENDING_TIMEOUT"])
    item_ids = list(
        db.session.scalars(
            select(Item.id)
            .where(
                Item.status == ItemStatus.PENDING,
                Item.enqueued_at < cutoff,
                Item.erased_at.is_(None),
            )
            .order_by(Item.enqueued_at)
            .limit(BATCH)
        )
    )
    if item_ids:
        db.session.execute(
            update(Item)
            .where(Item.id.in_(item_ids), Item.status == ItemStatus.PENDING)
            .values(enqueued_at=now)
            .execution_options(synchronize_session=False)
        )
    for item_id in item_ids:
        send_after_commit(db.session, MODERATE_ITEM, str(item_id))

    delivery_ids = list(
        db.session.scalars(
            select(WebhookDelivery.id)
            .where(
                (
                    (WebhookDelivery.status == DeliveryStatus.PENDING)
                    & (WebhookDelivery.next_attempt_at < cutoff)
                )
                | (
                    (WebhookDelivery.status == DeliveryStatus.SENDING)
                    & (WebhookDelivery.locked_until < now)
                )
            )
            .limit(BATCH)
        )
    )
    if delivery_ids:
        # Push the due time forward so the next sweep does not resend what this one did.
        db.session.execute(
            update(WebhookDelivery)
            .where(
                WebhookDelivery.id.in_(delivery_ids),
                WebhookDelivery.status == DeliveryStatus.PENDING,
            )
            .values(next_attempt_at=now)
            .execution_options(synchronize_session=False)
        )
    for delivery_id in delivery_ids:
        send_after_commit(db.session, DELIVER_WEBHOOK, str(delivery_id))
    db.session.commit()
    return SweepReport(items=len(item_ids), deliveries=len(delivery_ids))
