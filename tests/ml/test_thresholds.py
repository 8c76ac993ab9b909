"""Thresholds from evidence, on synthetic scores and labels."""

from __future__ import annotations

import numpy as np
import pytest

from ml.thresholds import (
    Volumes,
    hold_threshold_for_capacity,
    hold_thresholds_for_capacity,
    policy_volumes,
    precision_at,
    reject_threshold_for_precision,
    volumes,
)


def test_reject_threshold_is_the_lowest_score_meeting_the_precision() -> None:
    # Ten positives from 0.91 to 1.0; one negative at 0.85 among positives at 0.8 to 0.9.
    positives = [0.80, 0.82, 0.84, 0.86, 0.88, 0.90, 0.91, 0.93, 0.95, 1.0]
    negatives = [0.1, 0.2, 0.3, 0.5, 0.6, 0.7, 0.85]
    scores = np.array(positives + negatives)
    labels = np.array([1] * len(positives) + [0] * len(negatives))

    threshold = reject_threshold_for_precision(scores, labels, 0.9)

    # At 0.80: 10 positives, 1 negative (0.85) = 0.909; at 0.7 it would be 10/12.
    assert threshold == 0.80
    assert precision_at(scores, labels, threshold) >= 0.9
    assert reject_threshold_for_precision(scores, labels, 1.0) == 0.86


def test_reject_threshold_needs_enough_positives_above_it() -> None:
    scores = np.array([0.99, 0.98, 0.97, 0.4, 0.3])
    labels = np.array([1, 1, 1, 0, 0])

    assert reject_threshold_for_precision(scores, labels, 0.95) is None
    assert reject_threshold_for_precision(scores, labels, 0.95, min_positives=3) == 0.97


def test_reject_threshold_is_none_when_the_precision_is_out_of_reach() -> None:
    scores = np.linspace(1.0, 0.0, 100)
    labels = np.array([1, 0] * 50)  # unrelated to the scores

    assert reject_threshold_for_precision(scores, labels, 0.99) is None
    assert reject_threshold_for_precision([], [], 0.9) is None


def test_tied_scores_are_taken_together() -> None:
    # A negative tied with positives at 0.9: a threshold at 0.9 takes all three.
    scores = np.array([0.95, 0.95, 0.95, 0.95, 0.95, 0.9, 0.9, 0.9])
    labels = np.array([1, 1, 1, 1, 1, 1, 1, 0])

    assert reject_threshold_for_precision(scores, labels, 0.9) == 0.95
    assert reject_threshold_for_precision(scores, labels, 0.85) == 0.9


def test_a_target_met_exactly_counts() -> None:
    scores = np.linspace(1.0, 0.81, 20)
    labels = np.array([1] * 19 + [0])

    assert reject_threshold_for_precision(scores, labels, 0.95) == pytest.approx(0.81)


def test_reject_threshold_refuses_a_precision_outside_0_to_1() -> None:
    with pytest.raises(ValueError, match="target_precision"):
        reject_threshold_for_precision([0.5], [1], 1.5)
    with pytest.raises(ValueError, match="length"):
        reject_threshold_for_precision([0.5, 0.6], [1], 0.9)


def test_hold_threshold_keeps_held_per_day_within_capacity() -> None:
    rng = np.random.default_rng(1)
    scores = rng.random(3000)  # 100 a day over 30 days

    hold = hold_threshold_for_capacity(scores, 0.9, daily_capacity=20, days=30)

    held_per_day = volumes(scores, hold, 0.9, 30).held_per_day
    assert held_per_day <= 20
    assert held_per_day > 19  # the capacity is used, not wasted
    # Any lower observed score would go over.
    lower = scores[scores < hold].max()
    assert volumes(scores, lower, 0.9, 30).held_per_day > 20


def test_hold_threshold_with_spare_capacity_holds_everything_below_reject() -> None:
    scores = np.array([0.1, 0.2, 0.6, 0.95])

    assert hold_threshold_for_capacity(scores, 0.9, daily_capacity=10, days=1) == 0.0


def test_hold_threshold_with_no_capacity_holds_nothing() -> None:
    scores = np.array([0.1, 0.2, 0.6, 0.95])

    assert hold_threshold_for_capacity(scores, 0.9, daily_capacity=0, days=1) == 0.9
    assert volumes(scores, 0.9, 0.9, 1).held_per_day == 0


def test_hold_threshold_does_not_split_ties() -> None:
    # Capacity for 2 items, but three share the highest score below reject.
    scores = np.array([0.7, 0.7, 0.7, 0.6, 0.2])

    assert hold_threshold_for_capacity(scores, 0.9, daily_capacity=2, days=1) == 0.9
    assert hold_threshold_for_capacity(scores, 0.9, daily_capacity=3, days=1) == 0.7


def test_shared_hold_counts_an_item_held_by_both_scores_once() -> None:
    # Days of 4 items: one suspect on both scores, one on spam, one on toxicity, one clean.
    spam = np.array([0.8, 0.7, 0.1, 0.1] * 10)
    toxicity = np.array([0.8, 0.1, 0.6, 0.1] * 10)
    columns = {"spam": spam, "toxicity": toxicity}
    rejects = {"spam": 0.9, "toxicity": 0.9}

    holds = hold_thresholds_for_capacity(columns, rejects, daily_capacity=3, days=10)

    assert holds == {"spam": 0.6, "toxicity": 0.6}
    limits = {name: (holds[name], rejects[name]) for name in columns}
    assert policy_volumes(columns, limits, 10) == Volumes(1.0, 3.0, 0.0)


def test_shared_hold_holds_the_riskiest_items_first() -> None:
    spam = np.array([0.8, 0.7, 0.1, 0.1])
    toxicity = np.array([0.1, 0.1, 0.75, 0.1])

    holds = hold_thresholds_for_capacity(
        {"spam": spam, "toxicity": toxicity}, {"spam": 0.9, "toxicity": 0.9}, 2, 1
    )

    assert holds == {"spam": 0.75, "toxicity": 0.75}


def test_a_fixed_hold_uses_the_capacity_first() -> None:
    spam = np.array([0.8, 0.7, 0.65, 0.1, 0.1])
    toxicity = np.array([0.1, 0.1, 0.1, 0.6, 0.55])
    columns = {"spam": spam, "toxicity": toxicity}
    rejects = {"spam": 0.9, "toxicity": 0.9}

    holds = hold_thresholds_for_capacity(
        columns, rejects, daily_capacity=3, days=1, fixed_holds={"toxicity": 0.5}
    )

    assert holds == {"spam": 0.8, "toxicity": 0.5}
    over = hold_thresholds_for_capacity(
        columns, rejects, daily_capacity=1, days=1, fixed_holds={"toxicity": 0.5}
    )
    assert over == {"spam": 0.9, "toxicity": 0.5}


def test_shared_hold_never_goes_above_a_scores_reject_threshold() -> None:
    spam = np.array([0.5, 0.4])
    toxicity = np.array([0.1, 0.1])

    holds = hold_thresholds_for_capacity(
        {"spam": spam, "toxicity": toxicity}, {"spam": 0.9, "toxicity": 0.3}, 0, 1
    )

    assert holds == {"spam": 0.9, "toxicity": 0.3}


def test_volumes_follow_the_policy_boundaries() -> None:
    scores = np.array([0.1, 0.49, 0.5, 0.89, 0.9, 1.0])

    assert volumes(scores, 0.5, 0.9, 2) == Volumes(1.0, 1.0, 1.0)


def test_policy_volumes_reject_before_hold() -> None:
    columns = {"spam": [0.95, 0.6, 0.1, 0.1], "toxicity": [0.6, 0.1, 0.1, 0.95]}
    limits = {"spam": (0.5, 0.9), "toxicity": (0.5, 0.9)}

    assert policy_volumes(columns, limits, 1) == Volumes(1.0, 1.0, 2.0)


def test_no_scores_give_no_volume() -> None:
    assert volumes([], 0.5, 0.9, 30) == Volumes(0.0, 0.0, 0.0)
    assert hold_threshold_for_capacity([], 0.9, 5, 30) == 0.0
    rejects = {"spam": 0.9, "toxicity": 0.9}
    assert hold_thresholds_for_capacity({"spam": [], "toxicity": []}, rejects, 5, 30) == {
        "spam": 0.0,
        "toxicity": 0.0,
    }
