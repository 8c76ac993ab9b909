"""The moderators' dashboard: decisions, queue size, time to a human decision, agreement.

Rows are selected with plain ``created_at`` comparisons and bucketed into UTC days in Python, so the
SQL is the same on SQLite and PostgreSQL; dashboard windows are days, not years, of decisions.
"""

from __future__ import annotations

import statistics
import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Generic, TypeVar

from sqlalchemy import ColumnElement, case, func, select

from service.db import db
from service.items.models import Item, ItemStatus
from service.moderation.models import Decision, Score

ACTOR_KINDS = ("policy", "moderator", "report")
UNDO = "undo"
# Scores are calibrated probabilities, so 0.5 is where the model itself leans one way or the other,
# whatever hold and reject thresholds a site has chosen.
AGREEMENT_THRESHOLD = 0.5

_HELD = ItemStatus.HELD.value
_VERDICTS = (ItemStatus.APPROVED.value, ItemStatus.REJECTED.value)

V = TypeVar("V")


@dataclass(frozen=True)
class DayCount:
    """Decisions made on one UTC day, by actor kind."""

    day: date
    policy: int = 0
    moderator: int = 0
    report: int = 0

    @property
    def total(self) -> int:
        return self.policy + self.moderator + self.report


@dataclass(frozen=True)
class DayValue(Generic[V]):
    """One value of a daily series."""

    day: date
    value: V


@dataclass(frozen=True)
class ModeratorStats:
    """One moderator's work in the window; undos and the decisions they undid are left out."""

    username: str
    volume: int
    approvals: int
    rejections: int
    # Approvals and rejections of items that have a score: the denominator of ``agreement``.
    scored: int
    agreement: float | None


@dataclass(frozen=True)
class Dashboard:
    days: tuple[date, ...]
    decisions_per_day: tuple[DayCount, ...]
    queue_size_per_day: tuple[DayValue[int], ...]
    median_minutes_to_human_decision_per_day: tuple[DayValue[float | None], ...]
    median_minutes_to_human_decision: float | None
    auto_decided_share: float | None
    moderators: tuple[ModeratorStats, ...]


def actor_kind(actor: str) -> str:
    """``policy``, ``moderator`` or ``report``: the actor string before its colon."""
    return actor.partition(":")[0]


def _is_undo(decision: Decision) -> bool:
    return actor_kind(decision.actor) == "moderator" and list(decision.reason_codes) == [UNDO]


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def dashboard(
    site_ids: Sequence[uuid.UUID], days: int = 14, today: date | None = None
) -> Dashboard:
    """The dashboard over the decisions on the sites' items in the last ``days`` UTC days.

    ``decisions_per_day`` counts every row of the audit log, undos included: it shows activity.
    The per-moderator figures leave out undos and the decisions they undid: those show judgement.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    today = today or datetime.now(UTC).date()
    window = tuple(today - timedelta(days=n) for n in range(days - 1, -1, -1))
    start = datetime.combine(window[0], time.min, UTC)
    end = datetime.combine(today + timedelta(days=1), time.min, UTC)
    in_sites = Item.site_id.in_(list(site_ids))

    rows = db.session.execute(
        select(Decision, Item.created_at)
        .join(Item, Decision.item_id == Item.id)
        .where(in_sites, Decision.created_at >= start, Decision.created_at < end)
        .order_by(Decision.created_at, Decision.id)
    ).all()
    window_items = (
        select(Decision.item_id)
        .join(Item, Decision.item_id == Item.id)
        .where(in_sites, Decision.created_at >= start, Decision.created_at < end)
    )
    held_at_start = _held_before(in_sites, start)
    # Items decided before the window: their first (or first human) decision is not in it.
    earlier = {
        item_id: moderator_decisions
        for item_id, moderator_decisions in db.session.execute(
            select(
                Decision.item_id,
                func.sum(case((Decision.actor.like("moderator:%"), 1), else_=0)),
            )
            .where(Decision.item_id.in_(window_items), Decision.created_at < start)
            .group_by(Decision.item_id)
        )
    }
    latest_risk = {
        item_id: max(spam, toxicity)
        for item_id, spam, toxicity in db.session.execute(
            select(Score.item_id, Score.spam, Score.toxicity)
            .where(Score.item_id.in_(window_items), Score.shadow.is_(False))
            .order_by(Score.created_at, Score.id)
        )
    }

    per_kind: dict[date, Counter[str]] = defaultdict(Counter)
    queue_change: Counter[date] = Counter()
    minutes_by_day: dict[date, list[float]] = defaultdict(list)
    seen: set[uuid.UUID] = set()
    humans_seen = {item_id for item_id, count in earlier.items() if count}
    first_by_policy = decided_by_policy = 0
    by_moderators: list[Decision] = []
    undone: set[uuid.UUID] = set()
    open_decisions: dict[tuple[uuid.UUID, str], list[Decision]] = defaultdict(list)

    for decision, submitted_at in rows:
        day = decision.created_at.astimezone(UTC).date()
        kind = actor_kind(decision.actor)
        per_kind[day][kind] += 1
        queue_change[day] += (decision.to_status == _HELD) - (decision.from_status == _HELD)
        if decision.item_id not in seen:
            seen.add(decision.item_id)
            if decision.item_id not in earlier and kind == "policy":
                first_by_policy += 1
                decided_by_policy += decision.to_status in _VERDICTS
        if kind != "moderator":
            continue
        if _is_undo(decision):
            # An undo reverts the same moderator's latest standing decision on the item.
            stack = open_decisions[(decision.item_id, decision.actor)]
            if stack:
                undone.add(stack.pop().id)
            continue
        open_decisions[(decision.item_id, decision.actor)].append(decision)
        by_moderators.append(decision)
        if decision.item_id not in humans_seen:
            humans_seen.add(decision.item_id)
            waited = decision.created_at - submitted_at
            minutes_by_day[day].append(waited.total_seconds() / 60)

    held = held_at_start
    queue: list[DayValue[int]] = []
    for day in window:
        held += queue_change[day]
        queue.append(DayValue(day, held))
    return Dashboard(
        days=window,
        decisions_per_day=tuple(
            DayCount(day, **{kind: per_kind[day][kind] for kind in ACTOR_KINDS}) for day in window
        ),
        queue_size_per_day=tuple(queue),
        median_minutes_to_human_decision_per_day=tuple(
            DayValue(day, _median(minutes_by_day[day])) for day in window
        ),
        median_minutes_to_human_decision=_median(
            [minutes for day in window for minutes in minutes_by_day[day]]
        ),
        auto_decided_share=decided_by_policy / first_by_policy if first_by_policy else None,
        moderators=_moderator_stats([d for d in by_moderators if d.id not in undone], latest_risk),
    )


def _held_before(in_sites: ColumnElement[bool], start: datetime) -> int:
    """Items held at ``start``: every move into held minus every move out of it, before then."""
    entered, left = db.session.execute(
        select(
            func.coalesce(func.sum(case((Decision.to_status == _HELD, 1), else_=0)), 0),
            func.coalesce(func.sum(case((Decision.from_status == _HELD, 1), else_=0)), 0),
        )
        .join(Item, Decision.item_id == Item.id)
        .where(in_sites, Decision.created_at < start)
    ).one()
    return int(entered) - int(left)


def _moderator_stats(
    decisions: list[Decision], latest_risk: dict[uuid.UUID, float]
) -> tuple[ModeratorStats, ...]:
    """Per-moderator volume, verdicts and agreement with the item's latest score."""
    grouped: dict[str, list[Decision]] = defaultdict(list)
    for decision in decisions:
        grouped[decision.actor.partition(":")[2]].append(decision)
    stats = []
    for username, own in grouped.items():
        scored = agreeing = 0
        for decision in own:
            risk = latest_risk.get(decision.item_id)
            if risk is None or decision.to_status not in _VERDICTS:
                continue
            scored += 1
            risky = risk >= AGREEMENT_THRESHOLD
            rejected = decision.to_status == ItemStatus.REJECTED.value
            agreeing += rejected == risky  # rejecting what the model flags, or approving the rest
        stats.append(
            ModeratorStats(
                username=username,
                volume=len(own),
                approvals=sum(d.to_status == ItemStatus.APPROVED.value for d in own),
                rejections=sum(d.to_status == ItemStatus.REJECTED.value for d in own),
                scored=scored,
                agreement=agreeing / scored if scored else None,
            )
        )
    return tuple(sorted(stats, key=lambda s: (-s.volume, s.username)))
