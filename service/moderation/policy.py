"""A site's policy: thresholds that turn scores into approve, hold or reject, with reason codes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from service.items.models import ItemStatus

SCORE_NAMES = ("spam", "toxicity")

# Below `hold` an item is approved; from `hold` it is held for a moderator; from `reject` rejected.
DEFAULT_THRESHOLDS: dict[str, dict[str, float]] = {
    "spam": {"hold": 0.5, "reject": 0.9},
    "toxicity": {"hold": 0.5, "reject": 0.9},
}


class PolicyError(ValueError):
    pass


@dataclass(frozen=True)
class Outcome:
    status: ItemStatus
    reason_codes: list[str]


def thresholds(policy: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    """The site's thresholds, with defaults for any score it does not set."""
    merged = {name: dict(values) for name, values in DEFAULT_THRESHOLDS.items()}
    for name, values in (policy.get("thresholds") or {}).items():
        merged.setdefault(name, {}).update(values)
    return merged


def validate_thresholds(values: Mapping[str, Mapping[str, float]]) -> None:
    for name, pair in values.items():
        if name not in SCORE_NAMES:
            raise PolicyError(f"unknown score {name!r}; expected one of {', '.join(SCORE_NAMES)}")
        hold, reject = pair.get("hold"), pair.get("reject")
        for label, value in (("hold", hold), ("reject", reject)):
            if not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
                raise PolicyError(f"{name}.{label} must be a number from 0 to 1")
        assert hold is not None and reject is not None
        if hold > reject:
            raise PolicyError(f"{name}.hold ({hold}) must not be above {name}.reject ({reject})")


def decide(policy: Mapping[str, Any], scores: Mapping[str, float]) -> Outcome:
    """Reject if any score reaches its reject threshold, hold if any reaches hold, else approve."""
    limits = thresholds(policy)
    high = [f"{name}_high" for name in SCORE_NAMES if scores[name] >= limits[name]["reject"]]
    if high:
        return Outcome(ItemStatus.REJECTED, high)
    suspect = [f"{name}_suspect" for name in SCORE_NAMES if scores[name] >= limits[name]["hold"]]
    if suspect:
        return Outcome(ItemStatus.HELD, suspect)
    return Outcome(ItemStatus.APPROVED, ["scores_low"])


OBSERVE, ENFORCE = "observe", "enforce"
MODES = (ENFORCE, OBSERVE)


def mode(policy: Mapping[str, Any]) -> str:
    return policy.get("mode", ENFORCE)


def enforce_or_observe(policy: Mapping[str, Any], outcome: Outcome) -> Outcome:
    """In observe mode nothing is withheld: the item is approved, and the decision the policy
    would have made is recorded in its reason codes (``observe``, ``would_reject``, ...)."""
    if mode(policy) != OBSERVE:
        return outcome
    would = {ItemStatus.APPROVED: "would_approve", ItemStatus.HELD: "would_hold"}.get(
        outcome.status, "would_reject"
    )
    return Outcome(ItemStatus.APPROVED, [OBSERVE, would, *outcome.reason_codes])
