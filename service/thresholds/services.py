"""Thresholds from evidence: a site's policy thresholds suggested from its recent items.

The evidence is the site's items created in the last ``days`` days: each item's latest score
and, where a moderator made the item's effective decision, that human label. A moderator's
rejection is a positive for the score its reason belongs to (``spam`` for spam; ``toxic``,
``insult``, ``threat``, ``hate`` for toxicity) and an approval a negative for both; rejections
for personal data, off-topic or other label neither score, as in the labelled-data store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import exists, func, select

from ml.thresholds import (
    MIN_POSITIVES,
    Volumes,
    hold_thresholds_for_capacity,
    policy_volumes,
    precision_at,
    reject_threshold_for_precision,
    volumes,
)
from service.audit.services import record
from service.db import db, utcnow
from service.errors import Conflict, ProblemError
from service.items.models import Item
from service.moderation.models import Decision, Score
from service.moderation.policy import SCORE_NAMES, PolicyError, thresholds, validate_thresholds
from service.review.labels import MODERATOR_ACTOR_PREFIX, effective_decision
from service.sites.models import Site
from service.sites.services import set_thresholds

DEFAULT_DAYS = 30
MAX_DAYS = 365
# Below this many moderator decisions on a score's items, its thresholds are left alone.
MIN_LABELLED = 20
POSITIVE_REASONS: dict[str, frozenset[str]] = {
    "spam": frozenset({"spam"}),
    "toxicity": frozenset({"toxic", "insult", "threat", "hate"}),
}
AUDIT_ACTION = "thresholds.applied"


class InvalidTarget(ProblemError):
    status, code, title = 422, "invalid_target", "Invalid target"


class TargetRequired(InvalidTarget):
    code, title = "target_required", "A target is required"


class InvalidThresholds(ProblemError):
    status, code, title = 422, "invalid_thresholds", "Invalid thresholds"


class ThresholdsChanged(Conflict):
    code, title = "thresholds_changed", "The thresholds changed meanwhile"


@dataclass(frozen=True)
class Limits:
    hold: float
    reject: float


@dataclass(frozen=True)
class Evidence:
    """Scored items in the window; those a moderator decided for this score; the rejections."""

    items: int
    labelled: int
    positives: int


@dataclass(frozen=True)
class ScoreSuggestion:
    name: str
    current: Limits
    suggested: Limits
    evidence: Evidence
    # Precision of the reject threshold on the labelled items (None: none at or above it).
    precision_current: float | None
    precision_suggested: float | None
    # This score alone: approved below hold, held from hold, rejected from reject.
    volumes_current: Volumes
    volumes_suggested: Volumes


@dataclass(frozen=True)
class Suggestion:
    """Suggested thresholds per score, the evidence behind them and the volumes they give."""

    site: str
    days: int
    # Rates are per day over the window, or over the site's life when it is younger (>= 1).
    per_day_over: float
    target_precision: float | None
    daily_capacity: int | None
    scores: tuple[ScoreSuggestion, ...]
    # Both scores together, as the policy decides.
    overall_current: Volumes
    overall_suggested: Volumes
    notes: tuple[str, ...]

    def current_thresholds(self) -> dict[str, dict[str, float]]:
        return {s.name: {"hold": s.current.hold, "reject": s.current.reject} for s in self.scores}

    def thresholds(self) -> dict[str, dict[str, float]]:
        """The suggested thresholds, shaped as the site's policy holds them."""
        return {
            s.name: {"hold": s.suggested.hold, "reject": s.suggested.reject} for s in self.scores
        }

    @property
    def changed(self) -> bool:
        return self.thresholds() != self.current_thresholds()


@dataclass(frozen=True)
class _Evidence:
    items: int
    # Every scored item's latest score, per score name.
    scores: dict[str, np.ndarray]
    # The labelled items' scores and labels (true: a moderator rejected it for this score).
    labelled: dict[str, tuple[np.ndarray, np.ndarray]]


def _load_evidence(site: Site, since: datetime) -> _Evidence:
    ranked = (
        select(
            Score.item_id,
            *(getattr(Score, name) for name in SCORE_NAMES),
            func.row_number()
            .over(partition_by=Score.item_id, order_by=(Score.created_at.desc(), Score.id.desc()))
            .label("rank"),
        )
        .join(Item, Item.id == Score.item_id)
        .where(Item.site_id == site.id, Item.created_at >= since, Score.shadow.is_(False))
        .subquery()
    )
    rows = db.session.execute(
        select(ranked.c.item_id, *(ranked.c[name] for name in SCORE_NAMES)).where(
            ranked.c.rank == 1
        )
    ).all()
    latest = {row[0]: row[1:] for row in rows}
    columns = {
        name: np.array([values[i] for values in latest.values()], dtype=float)
        for i, name in enumerate(SCORE_NAMES)
    }

    # Only items a moderator ever decided can rest on a moderator's decision.
    moderated = db.session.scalars(
        select(Item).where(
            Item.site_id == site.id,
            Item.created_at >= since,
            exists().where(
                Decision.item_id == Item.id, Decision.actor.startswith(MODERATOR_ACTOR_PREFIX)
            ),
        )
    ).all()
    labelled: dict[str, tuple[list[float], list[bool]]] = {n: ([], []) for n in SCORE_NAMES}
    for item in moderated:
        values = latest.get(item.id)
        decision = effective_decision(item)
        if values is None or decision is None:
            continue
        if not decision.actor.startswith(MODERATOR_ACTOR_PREFIX):
            continue
        reason = decision.reason_codes[0] if decision.reason_codes else None
        for i, name in enumerate(SCORE_NAMES):
            if decision.to_status == "approved":
                label = False
            elif decision.to_status == "rejected" and reason in POSITIVE_REASONS[name]:
                label = True
            else:
                continue
            labelled[name][0].append(values[i])
            labelled[name][1].append(label)
    return _Evidence(
        items=len(latest),
        scores=columns,
        labelled={
            name: (np.array(s, dtype=float), np.array(y, dtype=bool))
            for name, (s, y) in labelled.items()
        },
    )


def _check_targets(target_precision: float | None, daily_capacity: int | None, days: int) -> None:
    if target_precision is None and daily_capacity is None:
        raise TargetRequired("Give a target precision, a daily review capacity, or both.")
    if target_precision is not None and not 0.0 < target_precision <= 1.0:
        raise InvalidTarget("The target precision is above 0 and at most 1.")
    if daily_capacity is not None and daily_capacity < 0:
        raise InvalidTarget("The daily review capacity cannot be negative.")
    if not 1 <= days <= MAX_DAYS:
        raise InvalidTarget(f"days is from 1 to {MAX_DAYS}.")


def suggest(
    site: Site,
    *,
    target_precision: float | None = None,
    daily_capacity: int | None = None,
    days: int = DEFAULT_DAYS,
) -> Suggestion:
    """Suggest thresholds from the last ``days`` days of the site's items; nothing is saved.

    With a target precision, each score's reject threshold becomes the lowest one, from the
    current hold threshold up, whose precision on the moderators' decisions reaches it. With a
    daily capacity, the hold thresholds move until the items held per day, both scores
    together, just fit. A score with fewer than ``MIN_LABELLED`` moderator decisions keeps its
    thresholds.
    """
    _check_targets(target_precision, daily_capacity, days)
    now = utcnow()
    evidence = _load_evidence(site, now - timedelta(days=days))
    site_age = (now - site.created_at).total_seconds() / 86400
    per_day_over = max(1.0, min(float(days), site_age))
    current = {name: thresholds(site.policy)[name] for name in SCORE_NAMES}
    notes: list[str] = []

    holds = {name: current[name]["hold"] for name in SCORE_NAMES}
    rejects = {name: current[name]["reject"] for name in SCORE_NAMES}
    thin = []
    for name in SCORE_NAMES:
        labelled_scores, labels = evidence.labelled[name]
        if labels.size < MIN_LABELLED:
            thin.append(name)
            notes.append(
                f"{name}: moderators decided only {labels.size} of its items in the last "
                f"{days} days; at least {MIN_LABELLED} are needed, so its thresholds stay."
            )
        elif target_precision is not None:
            # Below the hold threshold items were approved unseen: moderators decided only those
            # readers reported, mostly bad ones, which would flatter a lower reject threshold.
            seen = labelled_scores >= holds[name]
            found = reject_threshold_for_precision(
                labelled_scores[seen], labels[seen], target_precision
            )
            if found is None:
                notes.append(
                    f"{name}: no reject threshold reaches precision {target_precision:g} with "
                    f"at least {MIN_POSITIVES} moderator rejections above it; reject stays at "
                    f"{rejects[name]:g}."
                )
            else:
                rejects[name] = found

    if daily_capacity is not None and len(thin) < len(SCORE_NAMES):
        holds = hold_thresholds_for_capacity(
            evidence.scores,
            rejects,
            daily_capacity,
            per_day_over,
            fixed_holds={name: holds[name] for name in thin},
        )
        if any(holds[name] == 0.0 for name in SCORE_NAMES if name not in thin):
            notes.append(
                f"A capacity of {daily_capacity} a day exceeds the items to review: every item "
                "not rejected would be held."
            )
    for name in SCORE_NAMES:
        if holds[name] > rejects[name]:
            notes.append(
                f"{name}: hold lowered to the new reject threshold {rejects[name]:g} (hold "
                "cannot be above reject)."
            )
            holds[name] = rejects[name]

    scores = tuple(
        _score_suggestion(
            name, current[name], Limits(holds[name], rejects[name]), evidence, per_day_over
        )
        for name in SCORE_NAMES
    )
    suggested = {name: (holds[name], rejects[name]) for name in SCORE_NAMES}
    overall_suggested = policy_volumes(evidence.scores, suggested, per_day_over)
    if daily_capacity is not None and overall_suggested.held_per_day > daily_capacity:
        notes.append(
            f"The thresholds that stay already hold {overall_suggested.held_per_day:.1f} items "
            f"a day, more than the capacity of {daily_capacity}."
        )
    if per_day_over < days:
        notes.append(
            f"The site is younger than {days} days: rates are per day over {per_day_over:.1f} days."
        )
    return Suggestion(
        site=site.name,
        days=days,
        per_day_over=per_day_over,
        target_precision=target_precision,
        daily_capacity=daily_capacity,
        scores=scores,
        overall_current=policy_volumes(
            evidence.scores,
            {name: (current[name]["hold"], current[name]["reject"]) for name in SCORE_NAMES},
            per_day_over,
        ),
        overall_suggested=overall_suggested,
        notes=tuple(notes),
    )


def _score_suggestion(
    name: str,
    current: Mapping[str, float],
    suggested: Limits,
    evidence: _Evidence,
    per_day_over: float,
) -> ScoreSuggestion:
    scores = evidence.scores[name]
    labelled_scores, labels = evidence.labelled[name]
    return ScoreSuggestion(
        name=name,
        current=Limits(current["hold"], current["reject"]),
        suggested=suggested,
        evidence=Evidence(evidence.items, int(labels.size), int(labels.sum())),
        precision_current=precision_at(labelled_scores, labels, current["reject"]),
        precision_suggested=precision_at(labelled_scores, labels, suggested.reject),
        volumes_current=volumes(scores, current["hold"], current["reject"], per_day_over),
        volumes_suggested=volumes(scores, suggested.hold, suggested.reject, per_day_over),
    )


def apply_thresholds(
    site: Site, changes: Mapping[str, Mapping[str, float]], actor: str, **detail: Any
) -> dict[str, dict[str, float]]:
    """Save threshold changes and record who made them, in one transaction.

    A change that changes nothing is neither saved nor recorded.
    """
    before = thresholds(site.policy)
    after = {name: dict(values) for name, values in before.items()}
    for name, values in changes.items():
        after.setdefault(name, {}).update(values)
    try:
        validate_thresholds(after)
    except PolicyError as error:
        raise InvalidThresholds(str(error)) from None
    if after == before:
        return after
    record(
        actor,
        AUDIT_ACTION,
        subject=site.name,
        site_id=site.id,
        before=before,
        after=after,
        **detail,
    )
    # Commits the audit event with the change.
    set_thresholds(site, {name: dict(values) for name, values in changes.items()})
    return after


def apply(site: Site, suggestion: Suggestion, actor: str) -> dict[str, dict[str, float]]:
    """Save a suggestion's thresholds, unless the site's thresholds changed since it was made."""
    if suggestion.site != site.name:
        raise ProblemError(f"This suggestion is for {suggestion.site!r}, not {site.name!r}.")
    now = {name: thresholds(site.policy)[name] for name in SCORE_NAMES}
    if now != suggestion.current_thresholds():
        raise ThresholdsChanged(
            "The site's thresholds changed since this suggestion was made; ask for a new one."
        )
    basis = {
        "target_precision": suggestion.target_precision,
        "daily_capacity": suggestion.daily_capacity,
        "days": suggestion.days,
    }
    return apply_thresholds(site, suggestion.thresholds(), actor, suggestion=basis)
