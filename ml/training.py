"""Training as pure steps over an immutable list of examples: split, fit, evaluate, package."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import train_test_split

from ml.artifact import checksum, dump_model, library_versions
from ml.corpus import Example, deduplicate, load_seed_corpus, summarise
from ml.model import ModerationModel, build_head

Progress = Callable[[str], None]
"""Told the name of each training step as it starts."""

_TARGETS: dict[str, Callable[[Example], int]] = {
    "spam": lambda e: e.is_spam,
    "toxicity": lambda e: e.is_toxic,
}


@dataclass(frozen=True)
class TrainedModel:
    model: ModerationModel
    artifact: bytes
    checksum: str
    facts: dict[str, Any]


def _fit(examples: Sequence[Example], random_state: int, progress: Progress) -> ModerationModel:
    texts = [e.text for e in examples]
    heads = {}
    for name, target in _TARGETS.items():
        progress(f"fit {name}")
        heads[name] = build_head(random_state=random_state).fit(
            texts, np.array([target(e) for e in examples])
        )
    return ModerationModel(heads)


def evaluate(model: ModerationModel, examples: Sequence[Example]) -> dict[str, Any]:
    """ROC AUC and PR AUC per score on ``examples``, overall and per language."""
    scores = model.predict_scores([e.text for e in examples])
    metrics: dict[str, Any] = {}
    for name, target in _TARGETS.items():
        y = np.array([target(e) for e in examples])
        p = np.array([s[name] for s in scores])
        per_language = {}
        for lang in sorted({e.lang for e in examples}):
            mask = np.array([e.lang == lang for e in examples])
            if len(set(y[mask])) == 2:
                per_language[lang] = round(float(roc_auc_score(y[mask], p[mask])), 4)
        metrics[name] = {
            "roc_auc": round(float(roc_auc_score(y, p)), 4),
            "pr_auc": round(float(average_precision_score(y, p)), 4),
            "positives": int(y.sum()),
            "examples": len(y),
            "roc_auc_by_language": per_language,
        }
    return metrics


def train(
    examples: Sequence[Example],
    recipe: str,
    random_state: int = 0,
    progress: Progress | None = None,
) -> TrainedModel:
    """Deduplicate, measure on a stratified held-out fifth, then fit on everything and package."""
    report = progress or (lambda step: None)
    examples = deduplicate(examples)
    strata = [f"{e.label}:{e.lang}" for e in examples]
    train_part, test_part = train_test_split(
        examples, test_size=0.2, random_state=random_state, stratify=strata
    )
    held_out = _fit(train_part, random_state, lambda step: report(f"evaluation: {step}"))
    report("evaluate")
    metrics = evaluate(held_out, test_part)
    model = _fit(examples, random_state, report)
    report("package")
    artifact = dump_model(model)
    facts = {
        "recipe": recipe,
        "random_state": random_state,
        "libraries": library_versions(),
        "data": summarise(examples),
        "metrics": {"held_out_fifth": metrics},
    }
    return TrainedModel(model=model, artifact=artifact, checksum=checksum(artifact), facts=facts)


TRAINING_STEPS = (
    7  # progress() calls made by train(): 2 heads twice, evaluate, package... see above
)


def train_seed_model(random_state: int = 0, progress: Progress | None = None) -> TrainedModel:
    """The default model of a fresh install: the shipped seed corpus only."""
    return train(load_seed_corpus(), recipe="seed", random_state=random_state, progress=progress)
