"""A site's policy turns scores into a decision with reason codes."""

from __future__ import annotations

import pytest

from service.items.models import ItemStatus
from service.moderation.policy import PolicyError, decide, thresholds, validate_thresholds


def test_low_scores_are_approved() -> None:
    outcome = decide({}, {"spam": 0.1, "toxicity": 0.2})

    assert (outcome.status, outcome.reason_codes) == (ItemStatus.APPROVED, ["scores_low"])


def test_a_score_between_hold_and_reject_is_held() -> None:
    outcome = decide({}, {"spam": 0.6, "toxicity": 0.2})

    assert (outcome.status, outcome.reason_codes) == (ItemStatus.HELD, ["spam_suspect"])


def test_a_score_at_reject_is_rejected() -> None:
    outcome = decide({}, {"spam": 0.2, "toxicity": 0.9})

    assert (outcome.status, outcome.reason_codes) == (ItemStatus.REJECTED, ["toxicity_high"])


def test_every_score_over_its_threshold_is_a_reason() -> None:
    outcome = decide({}, {"spam": 0.95, "toxicity": 0.97})

    assert outcome.reason_codes == ["spam_high", "toxicity_high"]


def test_reject_outranks_hold() -> None:
    outcome = decide({}, {"spam": 0.95, "toxicity": 0.6})

    assert (outcome.status, outcome.reason_codes) == (ItemStatus.REJECTED, ["spam_high"])


def test_site_thresholds_override_the_defaults() -> None:
    policy = {"thresholds": {"toxicity": {"hold": 0.2}}}

    assert thresholds(policy)["toxicity"] == {"hold": 0.2, "reject": 0.9}
    assert decide(policy, {"spam": 0.0, "toxicity": 0.3}).status == ItemStatus.HELD


@pytest.mark.parametrize(
    "values",
    [
        {"spam": {"hold": 0.9, "reject": 0.5}},
        {"spam": {"hold": -0.1, "reject": 0.5}},
        {"spam": {"hold": 0.1, "reject": 1.5}},
        {"sentiment": {"hold": 0.1, "reject": 0.5}},
    ],
    ids=["hold above reject", "negative", "above one", "unknown score"],
)
def test_invalid_thresholds_are_refused(values: dict) -> None:
    with pytest.raises(PolicyError):
        validate_thresholds(values)
