"""Human review: the queue of items awaiting a moderator, their decisions, bulk actions and undo.

A moderator's decision is final: it is recorded in the audit log, sent to the host site as
``item.updated``, and stored as a labelled example for retraining, all in one transaction.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.sql import ColumnElement

from service.db import db, utcnow
from service.errors import Conflict, NotFound, ProblemError, ReasonRequired
from service.items.models import Article, Item, ItemStatus
from service.moderation.models import Decision, Score
from service.moderation.services import (
    REVIEW_QUEUE_HELD,
    REVIEW_QUEUE_REPORTED,
    join_reasons,
    split_reasons,
)
from service.moderators.models import Moderator
from service.moderators.services import site_ids
from service.review import labels
from service.sites.models import Site
from service.webhooks.services import queue_event

APPROVE, REJECT = "approve", "reject"
ACTIONS = (APPROVE, REJECT)
REJECT_REASONS = (
    "spam",
    "toxic",
    "insult",
    "threat",
    "hate",
    "personal_data",
    "off_topic",
    "other",
)
QUEUES = (REVIEW_QUEUE_HELD, REVIEW_QUEUE_REPORTED)
SORTS = ("risk", "age")
UNDO_REASON = labels.UNDO_REASON
MAX_NOTE_LENGTH = 2000


class NotReviewable(Conflict):
    code, title = "not_reviewable", "The item cannot be decided now"


class ChangedMeanwhile(Conflict):
    code, title = "changed_meanwhile", "Someone changed the item meanwhile"


class NothingToUndo(Conflict):
    code, title = "nothing_to_undo", "Nothing to undo"


class InvalidQueueCursor(ProblemError):
    status, code, title = 422, "invalid_cursor", "Invalid cursor"


# --- reading the queue --------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    queue: str = REVIEW_QUEUE_HELD
    site: str | None = None
    article: str | None = None
    language: str | None = None
    reason: str | None = None
    kind: str | None = None
    sort: str = "risk"
    cursor: str | None = None
    limit: int = 25


@dataclass(frozen=True)
class QueuePage:
    items: list[Item]
    next_cursor: str | None
    counts: dict[str, int]


def _visible(moderator: Moderator, item_id: uuid.UUID | str) -> Item:
    try:
        key = item_id if isinstance(item_id, uuid.UUID) else uuid.UUID(str(item_id))
    except ValueError:
        raise NotFound(f"no item {item_id!r}") from None
    item = db.session.get(Item, key)
    if item is None or item.site_id not in site_ids(moderator):
        raise NotFound(f"no item {item_id!r}")
    return item


def get_visible_item(moderator: Moderator, item_id: uuid.UUID | str) -> Item:
    """The item, if it belongs to one of the moderator's sites; otherwise 404."""
    return _visible(moderator, item_id)


def _filtered(moderator: Moderator, filters: QueueFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Item.site_id.in_(site_ids(moderator))]
    if filters.site:
        conditions.append(Item.site_id.in_(select(Site.id).where(Site.name == filters.site)))
    if filters.article:
        conditions.append(
            Item.article_id.in_(select(Article.id).where(Article.external_id == filters.article))
        )
    if filters.language:
        conditions.append(Item.language == filters.language)
    if filters.kind:
        conditions.append(Item.kind == filters.kind)
    if filters.reason:
        conditions.append(Item.review_reasons.contains(f",{filters.reason},", autoescape=True))
    return conditions


_RISK = func.coalesce(Item.risk, 0.0)


def _encode_cursor(item: Item, sort: str) -> str:
    values: list[Any] = [item.held_at.isoformat() if item.held_at else "", str(item.id)]
    if sort == "risk":
        values.insert(0, item.risk or 0.0)
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _after_cursor(cursor: str, sort: str) -> ColumnElement[bool]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if sort == "risk":
            risk, held_at, item_id = float(values[0]), values[1], uuid.UUID(values[2])
        else:
            held_at, item_id = values[0], uuid.UUID(values[1])
        when = datetime.fromisoformat(held_at)
    except (ValueError, TypeError, IndexError, KeyError, binascii.Error, UnicodeDecodeError):
        raise InvalidQueueCursor("The cursor is not one this API gave out.") from None
    later = or_(Item.held_at > when, and_(Item.held_at == when, Item.id > item_id))
    if sort == "risk":
        return or_(risk > _RISK, and_(risk == _RISK, later))
    return later


def queue_page(moderator: Moderator, filters: QueueFilters) -> QueuePage:
    """One page of a review queue: riskiest first (or oldest first), keyset-paginated."""
    conditions = _filtered(moderator, filters)
    statement = select(Item).where(Item.review_queue == filters.queue, *conditions)
    if filters.cursor:
        statement = statement.where(_after_cursor(filters.cursor, filters.sort))
    order = [Item.held_at.asc(), Item.id.asc()]
    if filters.sort == "risk":
        order.insert(0, _RISK.desc())
    items = list(db.session.scalars(statement.order_by(*order).limit(filters.limit + 1)))
    next_cursor = None
    if len(items) > filters.limit:
        next_cursor = _encode_cursor(items[filters.limit - 1], filters.sort)
    counts = dict.fromkeys(QUEUES, 0)
    for queue, count in db.session.execute(
        select(Item.review_queue, func.count())
        .where(Item.review_queue.in_(QUEUES), *conditions)
        .group_by(Item.review_queue)
    ):
        counts[queue] = count
    return QueuePage(items[: filters.limit], next_cursor, counts)


def latest_score(item: Item) -> Score | None:
    return db.session.scalar(
        select(Score)
        .where(Score.item_id == item.id, Score.shadow.is_(False))
        .order_by(Score.created_at.desc())
        .limit(1)
    )


def reasons(item: Item) -> list[str]:
    return split_reasons(item.review_reasons)


# --- deciding -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Skipped:
    item_id: uuid.UUID
    code: str
    detail: str


@dataclass(frozen=True)
class ActionResult:
    """What one moderator action (single or bulk) did: ``action_id`` undoes it as a whole."""

    action_id: uuid.UUID
    decided: list[Item] = field(default_factory=list)
    unchanged: list[Item] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _check_choice(action: str, reason: str | None, note: str | None) -> None:
    if action not in ACTIONS:
        raise ProblemError(f"action must be one of {', '.join(ACTIONS)}")
    if action == REJECT and not reason:
        raise ReasonRequired(f"Say why: reason is one of {', '.join(REJECT_REASONS)}.")
    if reason is not None and reason not in REJECT_REASONS:
        raise ProblemError(f"reason must be one of {', '.join(REJECT_REASONS)}")
    if note is not None and len(note) > MAX_NOTE_LENGTH:
        raise ProblemError(f"A note holds at most {MAX_NOTE_LENGTH} characters.")


def _apply(
    moderator: Moderator,
    item: Item,
    to_status: ItemStatus,
    reason_codes: list[str],
    note: str | None,
    action_id: uuid.UUID,
    review: tuple[str | None, str, datetime | None] = (None, "", None),
) -> bool:
    """Move one item to ``to_status`` if nobody moved it since it was read; record everything."""
    from_status = item.status
    now = utcnow()
    queue, stored_reasons, held_at = review
    changed = db.session.execute(
        update(Item)
        .where(Item.id == item.id, Item.status == from_status)
        .values(
            status=to_status,
            decided_at=now,
            updated_at=now,
            review_queue=queue,
            review_reasons=stored_reasons,
            held_at=held_at,
        )
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:
        return False
    score = latest_score(item)
    decision = Decision(
        item_id=item.id,
        from_status=from_status.value,
        to_status=to_status.value,
        actor=moderator.actor,
        reason_codes=reason_codes,
        note=note or None,
        score_id=score.id if score else None,
        action_id=action_id,
        created_at=now,
    )
    db.session.add(decision)
    db.session.flush()
    db.session.refresh(item)
    labels.sync_from_decisions(item)
    queue_event(item, "item.updated")
    return True


def decide(
    moderator: Moderator,
    item_ids: Sequence[uuid.UUID | str],
    action: str,
    reason: str | None = None,
    note: str | None = None,
) -> ActionResult:
    """Approve or reject items as one action; any item the moderator may not see is a 404.

    Items already in the wanted state are left unchanged (a repeated click changes nothing);
    items still pending, or changed by someone else while this ran, are skipped with a code.
    """
    _check_choice(action, reason, note)
    items = [_visible(moderator, item_id) for item_id in item_ids]
    to_status = ItemStatus.APPROVED if action == APPROVE else ItemStatus.REJECTED
    reason_codes = [reason] if reason else []
    result = ActionResult(action_id=uuid.uuid4())
    for item in dict.fromkeys(items):
        if item.status == to_status:
            result.unchanged.append(item)
        elif item.status == ItemStatus.PENDING:
            result.skipped.append(
                Skipped(item.id, NotReviewable.code, "the classifier has not decided it yet")
            )
        elif _apply(moderator, item, to_status, reason_codes, note, result.action_id):
            result.decided.append(item)
        else:
            result.skipped.append(
                Skipped(item.id, ChangedMeanwhile.code, "someone changed it meanwhile")
            )
    db.session.commit()
    return result


def decide_one(
    moderator: Moderator,
    item_id: uuid.UUID | str,
    action: str,
    reason: str | None = None,
    note: str | None = None,
) -> ActionResult:
    """One item's decision; a skipped item is an error the caller can act on."""
    result = decide(moderator, [item_id], action, reason, note)
    for skipped in result.skipped:
        if skipped.code == NotReviewable.code:
            raise NotReviewable("The classifier has not decided this item yet; try again shortly.")
        raise ChangedMeanwhile("Someone changed this item meanwhile; reload it and decide again.")
    return result


# --- undo ---------------------------------------------------------------------------------


def _review_state_before(decision: Decision) -> tuple[str | None, str, datetime | None]:
    """The review queue an item was in before ``decision`` took it out."""
    if decision.from_status != ItemStatus.HELD.value:
        return (None, "", None)
    entered = db.session.scalar(
        select(Decision)
        .where(
            Decision.item_id == decision.item_id,
            Decision.to_status == ItemStatus.HELD.value,
            Decision.created_at <= decision.created_at,
            Decision.id != decision.id,
        )
        .order_by(Decision.created_at.desc())
        .limit(1)
    )
    if entered is None:
        return (REVIEW_QUEUE_HELD, "", decision.created_at)
    queue = REVIEW_QUEUE_REPORTED if entered.actor == "report" else REVIEW_QUEUE_HELD
    return (queue, join_reasons(entered.reason_codes), entered.created_at)


def undo_last(moderator: Moderator) -> ActionResult:
    """Revert the moderator's last action, if recent and nobody changed its items since."""
    window = timedelta(seconds=current_app.config["COMMENTGUARD"]["UNDO_SECONDS"])
    last = db.session.scalar(
        select(Decision)
        .where(Decision.actor == moderator.actor, Decision.action_id.is_not(None))
        .order_by(Decision.created_at.desc())
        .limit(1)
    )
    if last is None or last.reason_codes == [UNDO_REASON]:
        raise NothingToUndo("You have no decision left to undo.")
    if utcnow() - last.created_at > window:
        raise NothingToUndo(
            f"Your last decision is older than {window.total_seconds():.0f} seconds; "
            "decide the item again instead."
        )
    decisions = db.session.scalars(
        select(Decision).where(Decision.action_id == last.action_id).order_by(Decision.created_at)
    ).all()
    result = ActionResult(action_id=uuid.uuid4())
    for decision in decisions:
        item = db.session.get(Item, decision.item_id)
        latest = db.session.scalar(
            select(Decision)
            .where(Decision.item_id == decision.item_id)
            .order_by(Decision.created_at.desc())
            .limit(1)
        )
        if item is None or latest is None or latest.id != decision.id:
            result.skipped.append(
                Skipped(decision.item_id, ChangedMeanwhile.code, "changed since your decision")
            )
            continue
        if _apply(
            moderator,
            item,
            ItemStatus(decision.from_status),
            [UNDO_REASON],
            None,
            result.action_id,
            review=_review_state_before(decision),
        ):
            result.decided.append(item)
    db.session.commit()
    return result


# --- what a card shows --------------------------------------------------------------------


@dataclass(frozen=True)
class AuthorHistory:
    items: int
    approved: int
    rejected: int
    held: int
    recent_rejections: list[Item]


def author_history(item: Item, recent: int = 5) -> AuthorHistory | None:
    """What the item's author wrote on this site before, as counts and recent rejections."""
    if item.author_id is None:
        return None
    by_status = dict(
        db.session.execute(
            select(Item.status, func.count())
            .where(Item.author_id == item.author_id)
            .group_by(Item.status)
        ).all()
    )
    rejected = db.session.scalars(
        select(Item)
        .where(Item.author_id == item.author_id, Item.status == ItemStatus.REJECTED)
        .order_by(Item.created_at.desc())
        .limit(recent)
    ).all()
    return AuthorHistory(
        items=sum(by_status.values()),
        approved=by_status.get(ItemStatus.APPROVED, 0),
        rejected=by_status.get(ItemStatus.REJECTED, 0),
        held=by_status.get(ItemStatus.HELD, 0),
        recent_rejections=list(rejected),
    )


def parent_of(item: Item) -> Item | None:
    return db.session.get(Item, item.parent_id) if item.parent_id else None


def decisions_of(item: Item) -> Sequence[Decision]:
    return db.session.scalars(
        select(Decision).where(Decision.item_id == item.id).order_by(Decision.created_at)
    ).all()
