"""Policy thresholds from evidence: a reject threshold for a target precision, a hold threshold
for a review capacity, and the daily volumes that thresholds would give.

Thresholds act as the policy does (``service/moderation/policy.py``): below ``hold`` an item is
approved, from ``hold`` held for a moderator, from ``reject`` rejected. Every threshold these
functions suggest is a score that was observed (or 0, or the reject threshold), so the evidence
falls on the same side of it as the numbers reported for it say.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

# Fewer moderator rejections than this above a threshold say little about its precision.
MIN_POSITIVES = 5


@dataclass(frozen=True)
class Volumes:
    """Items per day each outcome would get."""

    approved_per_day: float
    held_per_day: float
    rejected_per_day: float


def _scores(values: ArrayLike) -> np.ndarray:
    array = np.asarray(values, dtype=float).ravel()
    if not np.isfinite(array).all():
        raise ValueError("scores must be finite numbers")
    return array


def _check_days(days: float) -> None:
    if not days > 0:
        raise ValueError(f"days must be positive, not {days}")


def precision_at(scores: ArrayLike, labels: ArrayLike, threshold: float) -> float | None:
    """The share of labelled items at or above ``threshold`` that are positive (None if none)."""
    s, y = _scores(scores), np.asarray(labels, dtype=bool).ravel()
    if s.shape != y.shape:
        raise ValueError("scores and labels differ in length")
    above = s >= threshold
    return float(y[above].mean()) if above.any() else None


def reject_threshold_for_precision(
    scores: ArrayLike,
    labels: ArrayLike,
    target_precision: float,
    min_positives: int = MIN_POSITIVES,
) -> float | None:
    """The lowest threshold whose precision on the labelled items reaches the target.

    ``scores`` and ``labels`` (true = positive) are the labelled items only. Candidates are the
    observed scores; one qualifies when the items at or above it are positive at least
    ``target_precision`` of the time and at least ``min_positives`` of them are positive.
    Returns None when no candidate qualifies.
    """
    if not 0.0 < target_precision <= 1.0:
        raise ValueError(f"target_precision must be in (0, 1], not {target_precision}")
    s, y = _scores(scores), np.asarray(labels, dtype=bool).ravel()
    if s.shape != y.shape:
        raise ValueError("scores and labels differ in length")
    if s.size == 0:
        return None
    order = np.argsort(-s, kind="stable")
    s, y = s[order], y[order]
    positives = np.cumsum(y)
    counts = np.arange(1, s.size + 1)
    # A threshold at s[i] takes every item scored s[i] or more: the last of each run of ties.
    last_of_tie = np.r_[s[1:] != s[:-1], True]
    # Compare counts, not ratios, so a target of exactly 0.95 is met by 19 of 20.
    meets = (positives >= target_precision * counts - 1e-9) & (positives >= min_positives)
    qualifying = s[last_of_tie & meets]
    return float(qualifying.min()) if qualifying.size else None


def hold_threshold_for_capacity(
    scores: ArrayLike, reject_threshold: float, daily_capacity: float, days: float
) -> float:
    """The lowest hold threshold keeping items per day with hold <= score < reject in capacity.

    ``scores`` are every item seen over ``days`` days. The riskiest items below the reject
    threshold are held first. Returns 0 when every item below the reject threshold fits, and
    the reject threshold itself (hold nothing) when not even one item a day fits.
    """
    _check_days(days)
    if daily_capacity < 0:
        raise ValueError(f"daily_capacity must not be negative, not {daily_capacity}")
    s = _scores(scores)
    below = np.sort(s[s < reject_threshold])[::-1]
    allowed = math.floor(daily_capacity * days + 1e-9)
    if below.size <= allowed:
        return 0.0
    # below[allowed] is the riskiest item that does not fit: hold only what scores above it.
    above = below[below > below[allowed]]
    return float(above.min()) if above.size else float(reject_threshold)


def hold_thresholds_for_capacity(
    columns: Mapping[str, ArrayLike],
    rejects: Mapping[str, float],
    daily_capacity: float,
    days: float,
    fixed_holds: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """Hold thresholds for several scores that together keep the review queue within capacity.

    An item is held when no score reaches its reject threshold and some score reaches its hold,
    as the policy decides. Scores in ``fixed_holds`` keep their hold, and the items they hold
    use the capacity first. The other scores share one level, capped at each one's reject
    threshold: the scores are calibrated probabilities, so the riskiest items are held first
    whichever score makes them risky, and no item is counted twice.
    """
    _check_days(days)
    fixed = dict(fixed_holds or {})
    matrix = {name: _scores(values) for name, values in columns.items()}
    sizes = {values.size for values in matrix.values()}
    if len(sizes) > 1:
        raise ValueError("every score needs one value per item")
    size = sizes.pop() if sizes else 0
    rejected = np.zeros(size, dtype=bool)
    for name, values in matrix.items():
        rejected |= values >= rejects[name]
    held = np.zeros(size, dtype=bool)
    for name, hold in fixed.items():
        held |= matrix[name] >= hold
    held &= ~rejected
    free = [name for name in matrix if name not in fixed]
    if not free:
        return fixed
    rest = ~rejected & ~held
    risk = np.max(np.vstack([matrix[name][rest] for name in free]), axis=0)
    spare = daily_capacity - held.sum() / days
    level = hold_threshold_for_capacity(risk, math.inf, spare, days) if spare >= 0 else math.inf
    return {**fixed, **{name: min(level, rejects[name]) for name in free}}


def volumes(scores: ArrayLike, hold: float, reject: float, days: float) -> Volumes:
    """Items per day one score alone would approve, hold and reject."""
    _check_days(days)
    s = _scores(scores)
    rejected = int((s >= reject).sum())
    held = int(((s >= hold) & (s < reject)).sum())
    return Volumes((s.size - held - rejected) / days, held / days, rejected / days)


def policy_volumes(
    columns: Mapping[str, ArrayLike], limits: Mapping[str, tuple[float, float]], days: float
) -> Volumes:
    """Items per day the policy would approve, hold and reject with (hold, reject) per score.

    Rejected if any score reaches its reject threshold, else held if any reaches its hold.
    """
    _check_days(days)
    matrix = {name: _scores(values) for name, values in columns.items()}
    size = next(iter(matrix.values())).size if matrix else 0
    rejected = np.zeros(size, dtype=bool)
    suspect = np.zeros(size, dtype=bool)
    for name, values in matrix.items():
        hold, reject = limits[name]
        rejected |= values >= reject
        suspect |= values >= hold
    held = suspect & ~rejected
    n_rejected, n_held = int(rejected.sum()), int(held.sum())
    return Volumes((size - n_held - n_rejected) / days, n_held / days, n_rejected / days)
