"""The promotion gate: is a candidate model at least as good as the active one, on evidence?

Two kinds of evidence, both kept out of every model's training data:
- a fixed evaluation set: the project's holdout comments (written apart from the seed corpus),
  and the imported examples whose group (or text) falls in a stable hash bucket, so the same
  examples are held out from every training run;
- each site's most recent moderator decisions (a time split): how the site's own moderators
  judged its latest comments.

A candidate passes unless, on some set with enough evidence, its ROC AUC or PR AUC is worse
than the active model's by more than the tolerance *with confidence*: a paired bootstrap over
the set's examples gives the difference's 90 % interval, and the candidate is refused when even
the interval's upper end is below minus the tolerance. A few hundred examples cannot tell
0.995 from 0.985, so a small set refuses only a clearly worse candidate; a large one is strict.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

from ml.corpus import Example, load_holdout
from ml.model import ModerationModel
from ml.snapshot import MODERATOR_SOURCE_PREFIX, is_moderator_example, text_key

FIXED_EVAL_SHARE = 0.2
RECENT_SHARE = 0.2
DEFAULT_TOLERANCE = 0.01
MIN_EXAMPLES = 20
MIN_PER_CLASS = 5
BOOTSTRAP_ROUNDS = 200
CONFIDENCE = 0.90
DECIDED_AT_TAG = "decided_at:"
FIXED_EVAL_SET = "fixed"


def _bucket(key: str) -> float:
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


def in_fixed_eval(example: Example, share: float = FIXED_EVAL_SHARE) -> bool:
    """Whether an imported example is held out: decided by its group (or its text when it has
    none), so the same examples are held out of every snapshot. The seed corpus always trains."""
    if example.source == "seed":
        return False
    key = f"{example.source}/{example.group}" if example.group else text_key(example.text)
    return _bucket(key) < share


def decided_at(example: Example) -> str:
    for tag in example.tags:
        if tag.startswith(DECIDED_AT_TAG):
            return tag.removeprefix(DECIDED_AT_TAG)
    return ""


@dataclass(frozen=True)
class GateSplit:
    train: list[Example]
    evaluation: dict[str, list[Example]]


def split_for_gate(
    examples: Sequence[Example],
    fixed_share: float = FIXED_EVAL_SHARE,
    recent_share: float = RECENT_SHARE,
) -> GateSplit:
    """Training examples, and the evaluation sets: ``fixed`` and ``site:<name>`` per site."""
    train: list[Example] = []
    evaluation: dict[str, list[Example]] = defaultdict(list)
    evaluation[FIXED_EVAL_SET] = list(load_holdout())
    holdout_texts = {text_key(e.text) for e in evaluation[FIXED_EVAL_SET]}
    by_site: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        if text_key(example.text) in holdout_texts:
            continue
        if is_moderator_example(example):
            by_site[example.source.removeprefix(MODERATOR_SOURCE_PREFIX)].append(example)
        elif in_fixed_eval(example, fixed_share):
            evaluation[FIXED_EVAL_SET].append(example)
        else:
            train.append(example)
    for site, decided in sorted(by_site.items()):
        decided.sort(key=decided_at)
        cut = len(decided) - round(len(decided) * recent_share)
        train += decided[:cut]
        evaluation[f"site:{site}"] += decided[cut:]
    return GateSplit(train, dict(evaluation))


@dataclass(frozen=True)
class SetComparison:
    set_name: str
    head: str
    examples: int
    positives: int
    threshold: float
    candidate: dict[str, float]
    active: dict[str, float] | None
    passed: bool
    note: str = ""


@dataclass(frozen=True)
class Comparison:
    tolerance: float
    sets: list[SetComparison] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(row.passed for row in self.sets)

    @property
    def failures(self) -> list[str]:
        return [f"{row.set_name} {row.head}: {row.note}" for row in self.sets if not row.passed]

    def as_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "tolerance": self.tolerance,
            "failures": self.failures,
            "sets": [asdict(row) for row in self.sets],
        }


def _metrics(y: np.ndarray, p: np.ndarray, threshold: float) -> dict[str, float]:
    flagged = p >= threshold
    true_positives = int((flagged & (y == 1)).sum())
    return {
        "roc_auc": round(float(roc_auc_score(y, p)), 4),
        "pr_auc": round(float(average_precision_score(y, p)), 4),
        "precision": round(true_positives / int(flagged.sum()), 4) if flagged.any() else 0.0,
        "recall": round(true_positives / int(y.sum()), 4),
        "flagged_share": round(float(flagged.mean()), 4),
    }


_METRICS = {"roc_auc": roc_auc_score, "pr_auc": average_precision_score}


def difference_interval(
    y: np.ndarray,
    p_candidate: np.ndarray,
    p_active: np.ndarray,
    metric: str,
    rounds: int = BOOTSTRAP_ROUNDS,
    confidence: float = CONFIDENCE,
    random_state: int = 0,
) -> tuple[float, float]:
    """The paired bootstrap interval of (candidate - active) for ``metric`` on one set."""
    score = _METRICS[metric]
    rng = np.random.default_rng(random_state)
    differences = []
    for _ in range(rounds):
        sample = rng.integers(0, len(y), len(y))
        if y[sample].min() == y[sample].max():
            continue
        differences.append(
            score(y[sample], p_candidate[sample]) - score(y[sample], p_active[sample])
        )
    if not differences:
        point = score(y, p_candidate) - score(y, p_active)
        return (point, point)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(differences, [tail, 100 - tail])
    return (round(float(low), 4), round(float(high), 4))


def compare(
    candidate: ModerationModel,
    active: ModerationModel | None,
    evaluation: Mapping[str, Sequence[Example]],
    thresholds: Mapping[str, Mapping[str, float]] | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    min_examples: int = MIN_EXAMPLES,
) -> Comparison:
    """Both models on every evaluation set, per score; ``thresholds`` maps a set to its
    site's hold threshold per score (precision, recall and flagged share are read there)."""
    comparison = Comparison(tolerance)
    missing = set(active.score_names) - set(candidate.score_names) if active is not None else ()
    for head in sorted(missing):
        # Workers read every score the active model gives; a candidate without one cannot serve.
        note = "the candidate has no such score"
        comparison.sets.append(SetComparison("all", head, 0, 0, 0.5, {}, None, False, note))
    for set_name, examples in sorted(evaluation.items()):
        texts = [e.text for e in examples]
        if not texts:
            continue
        candidate_scores = candidate.predict_scores(texts)
        active_scores = active.predict_scores(texts) if active is not None else None
        for head in candidate.score_names:
            rows = [
                (i, e.target(head)) for i, e in enumerate(examples) if e.target(head) is not None
            ]
            y = np.array([target for _, target in rows])
            threshold = float((thresholds or {}).get(set_name, {}).get(head, 0.5))
            positives = int(y.sum())
            if len(y) < min_examples or min(positives, len(y) - positives) < MIN_PER_CLASS:
                if len(y):
                    comparison.sets.append(
                        SetComparison(
                            set_name,
                            head,
                            len(y),
                            int(y.sum()),
                            threshold,
                            {},
                            None,
                            True,
                            "too little evidence to compare",
                        )
                    )
                continue
            p_candidate = np.array([candidate_scores[i][head] for i, _ in rows])
            ours = _metrics(y, p_candidate, threshold)
            theirs = None
            passed, note = True, ""
            if active_scores is not None and head in active_scores[0]:
                p_active = np.array([active_scores[i][head] for i, _ in rows])
                theirs = _metrics(y, p_active, threshold)
                worse = []
                for name in _METRICS:
                    if ours[name] >= theirs[name] - tolerance:
                        continue
                    low, high = difference_interval(y, p_candidate, p_active, name)
                    ours[f"{name}_difference_interval"] = [low, high]
                    if high < -tolerance:
                        worse.append(
                            f"{name} {ours[name]:.3f} vs {theirs[name]:.3f}, "
                            f"difference {low:+.3f} to {high:+.3f} (90 %)"
                        )
                passed = not worse
                note = "; ".join(worse)
            comparison.sets.append(
                SetComparison(
                    set_name, head, len(y), int(y.sum()), threshold, ours, theirs, passed, note
                )
            )
    return comparison


def flagged_share(
    model: ModerationModel, texts: Sequence[str], holds: Mapping[str, float]
) -> float:
    """The share of ``texts`` the model would hold or reject at the given hold thresholds."""
    if not texts:
        return 0.0
    scores = model.predict_scores(texts)
    flagged = [
        any(row.get(name, 0.0) >= threshold for name, threshold in holds.items()) for row in scores
    ]
    return float(np.mean(flagged))
