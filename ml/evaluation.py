"""Evaluation: a recipe's model measured on held-out data, clean and disguised.

The examples are deduplicated and split by group within each source (:mod:`ml.splits`); a model
is fitted on the training side only and scored on the test side and on a disguised copy of it
made by :mod:`ml.perturb`. Figures are reported per score, per source (dataset) and per
language, and the toxicity score's unintended bias per language and identity (:mod:`ml.bias`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sklearn.metrics import (
    average_precision_score,
    f1_score,
    precision_recall_curve,
    roc_auc_score,
)

from ml import bias
from ml.corpus import Example
from ml.model import ModerationModel
from ml.perturb import disguise_all
from ml.splits import split
from ml.training import fit
from ml.translit import to_latin

Progress = Callable[[str], None]

# The default policy's thresholds: hold from 0.5, reject from 0.9.
THRESHOLDS = {"hold": 0.5, "reject": 0.9}


def precision_at_recall(y: np.ndarray, p: np.ndarray, recall: float) -> float:
    precision, recalls, _ = precision_recall_curve(y, p)
    return float(precision[recalls >= recall].max())


def recall_at_precision(y: np.ndarray, p: np.ndarray, precision: float) -> float:
    precisions, recall, _ = precision_recall_curve(y, p)
    reachable = recall[precisions >= precision]
    return float(reachable.max()) if reachable.size else 0.0


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """Mean gap between predicted probability and observed rate, weighted by bin size."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    error = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            error += mask.mean() * abs(p[mask].mean() - y[mask].mean())
    return float(error)


def ranking_figures(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    """ROC AUC and PR AUC: what any score that ranks comments is judged by, probability or not."""
    return {
        "roc_auc": round(float(roc_auc_score(y, p)), 4),
        "pr_auc": round(float(average_precision_score(y, p)), 4),
    }


def metrics(y: np.ndarray, p: np.ndarray) -> dict[str, Any]:
    """Every figure for one score on one set; ranking figures need both classes."""
    result: dict[str, Any] = {"examples": len(y), "positives": int(y.sum())}
    if len(set(y.tolist())) < 2:
        return result
    result.update(
        **ranking_figures(y, p),
        precision_at_90_recall=round(precision_at_recall(y, p, 0.90), 4),
        recall_at_95_precision=round(recall_at_precision(y, p, 0.95), 4),
        calibration_error=round(expected_calibration_error(y, p), 4),
        **{
            f"f1_at_{name}": round(float(f1_score(y, p >= value, zero_division=0)), 4)
            for name, value in THRESHOLDS.items()
        },
    )
    return result


def _score_table(
    model: ModerationModel, examples: Sequence[Example], texts: Sequence[str]
) -> dict[str, Any]:
    scores = model.predict_scores(list(texts))
    table: dict[str, Any] = {}
    for head in model.score_names:
        rows = [
            (e, s[head])
            for e, s in zip(examples, scores, strict=True)
            if e.target(head) is not None
        ]
        if not rows:
            continue
        y = np.array([e.target(head) for e, _ in rows])
        p = np.array([score for _, score in rows])
        sources = np.array([e.source for e, _ in rows])
        languages = np.array([e.lang for e, _ in rows])
        table[head] = {
            "all": metrics(y, p),
            "by_source": {
                s: metrics(y[sources == s], p[sources == s]) for s in sorted(set(sources))
            },
            "by_language": {
                lang: metrics(y[languages == lang], p[languages == lang])
                for lang in sorted(set(languages))
            },
            "curves": {"y": y.tolist(), "p": p.round(5).tolist(), "source": sources.tolist()},
        }
    return table


# The steps evaluate_recipe() reports besides fitting each head, in order.
EVALUATION_STEPS = ("split", "score clean", "score disguised", "score Russian in Latin letters")
_SPLIT, _CLEAN, _DISGUISED, _TRANSLIT = EVALUATION_STEPS


def evaluate_recipe(
    examples: Sequence[Example], random_state: int = 0, progress: Progress | None = None
) -> dict[str, Any]:
    """Split, fit on the training side, score the test side clean and disguised, and its
    Russian comments typed in Latin letters (``translit``: :func:`ml.translit.to_latin`).

    The same model is measured for unintended bias on the templated comments (``bias``), when
    it has a toxicity score.
    """
    report = progress or (lambda step: None)
    report(_SPLIT)
    train_part, test_part = split(examples, test_size=0.2, random_state=random_state)
    model = fit(train_part, random_state=random_state, progress=report)
    report(_CLEAN)
    clean = _score_table(model, test_part, [e.text for e in test_part])
    report(_DISGUISED)
    disguised_texts = disguise_all([e.text for e in test_part], random_state=random_state)
    disguised = _score_table(model, test_part, disguised_texts)
    report(_TRANSLIT)
    russian = [e for e in test_part if e.lang == "ru"]
    translit = _score_table(model, russian, [to_latin(e.text) for e in russian]) if russian else {}
    # Part of the last step: a few thousand short texts, scored in a moment.
    has_head = bias.HEAD in model.score_names
    measured = bias.measure(model, hold=THRESHOLDS["hold"]) if has_head else {}
    return {
        "random_state": random_state,
        "train_examples": len(train_part),
        "test_examples": len(test_part),
        "thresholds": THRESHOLDS,
        "clean": clean,
        "disguised": disguised,
        "translit": translit,
        "bias_head": bias.HEAD,
        "bias": measured,
    }
