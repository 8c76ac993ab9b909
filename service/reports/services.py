"""Readers' reports: counted once per reader; past the site's limit an item goes back to review."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from service.db import db, utcnow
from service.items.models import Item, ItemStatus
from service.moderation.models import Decision
from service.moderation.services import REVIEW_QUEUE_REPORTED, join_reasons
from service.reports.models import Report
from service.review.labels import MODERATOR_ACTOR_PREFIX, effective_decision
from service.review.services import REJECT_REASONS
from service.sites.models import Site
from service.webhooks.services import queue_event

DEFAULT_REPORT_THRESHOLD = 3
REPORT_ACTOR = "report"
REPORTED = "reported"
# A reader reports an item for any reason a moderator may reject it for.
READER_REASONS = REJECT_REASONS


def report_threshold(site: Site) -> int:
    """How many readers' reports send an approved item back to review."""
    return int(site.policy.get("report_threshold", DEFAULT_REPORT_THRESHOLD))


@dataclass(frozen=True)
class ReportOutcome:
    report: Report
    created: bool
    sent_to_review: bool


def _existing(item: Item, reader_id: str | None) -> Report | None:
    if reader_id is None:
        return None
    return db.session.scalar(
        select(Report).where(Report.item_id == item.id, Report.reader_id == reader_id)
    )


def _send_to_review(item: Item) -> bool:
    """Hold an approved item for a moderator, unless a moderator approved it: that is final."""
    decision = effective_decision(item)
    if decision is not None and decision.actor.startswith(MODERATOR_ACTOR_PREFIX):
        return False
    now = utcnow()
    moved = db.session.execute(
        update(Item)
        .where(Item.id == item.id, Item.status == ItemStatus.APPROVED)
        .values(
            status=ItemStatus.HELD,
            updated_at=now,
            review_queue=REVIEW_QUEUE_REPORTED,
            review_reasons=join_reasons([REPORTED]),
            held_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        return False
    db.session.add(
        Decision(
            item_id=item.id,
            from_status=ItemStatus.APPROVED.value,
            to_status=ItemStatus.HELD.value,
            actor=REPORT_ACTOR,
            reason_codes=[REPORTED],
            created_at=now,
        )
    )
    db.session.flush()
    db.session.refresh(item)
    queue_event(item, "item.updated")
    return True


def report_item(item: Item, payload: dict[str, Any]) -> ReportOutcome:
    """Record a reader's report; a reader who reports twice is counted once."""
    reader_id = payload.get("reader_id")
    existing = _existing(item, reader_id)
    if existing is not None:
        return ReportOutcome(existing, created=False, sent_to_review=False)
    report = Report(
        item_id=item.id, reader_id=reader_id, reason=payload["reason"], note=payload.get("note")
    )
    db.session.add(report)
    try:
        db.session.flush()
    except IntegrityError:
        # The same reader's report raced this one and won; it is the one that counts.
        db.session.rollback()
        existing = _existing(item, reader_id)
        assert existing is not None
        return ReportOutcome(existing, created=False, sent_to_review=False)
    db.session.execute(
        update(Item)
        .where(Item.id == item.id)
        .values(report_count=Item.report_count + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(item)
    sent = False
    if item.status == ItemStatus.APPROVED and item.report_count >= report_threshold(item.site):
        sent = _send_to_review(item)
    db.session.commit()
    return ReportOutcome(report, created=True, sent_to_review=sent)


def reports_of(item: Item) -> list[Report]:
    return list(
        db.session.scalars(
            select(Report).where(Report.item_id == item.id).order_by(Report.created_at)
        )
    )
