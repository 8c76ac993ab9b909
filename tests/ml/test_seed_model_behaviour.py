"""The default model on probes written apart from the seed corpus, in all four languages.

Civil comments, sharp criticism and cited sources must pass; spam and abuse, disguised or
not, must not. The bar is the default policy's: reject at 0.9, hold from 0.5.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sklearn.metrics import roc_auc_score

import ml
from ml.training import TrainedModel

# Written apart from the seed corpus; shipped as the promotion gate's fixed evaluation set.
PROBES = [
    json.loads(line)
    for line in (Path(ml.__file__).parent / "holdout" / "probes.jsonl").read_text().splitlines()
]
LANGUAGES = ("az", "ru", "en", "tr")


@pytest.fixture(scope="module")
def scored(seed_model: TrainedModel) -> list[tuple[dict, dict[str, float]]]:
    scores = seed_model.model.predict_scores([probe["text"] for probe in PROBES])
    return list(zip(PROBES, scores, strict=True))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("head", "label"), [("spam", "spam"), ("toxicity", "toxic")])
def test_scores_rank_abuse_above_clean_in_every_language(
    scored: list, language: str, head: str, label: str
) -> None:
    pairs = [(probe["label"] == label, score[head]) for probe, score in scored]
    pairs = [
        pair for (probe, _), pair in zip(scored, pairs, strict=True) if probe["lang"] == language
    ]

    assert roc_auc_score([y for y, _ in pairs], [p for _, p in pairs]) >= 0.95


def test_almost_no_clean_comment_is_rejected(scored: list) -> None:
    clean = [score for probe, score in scored if probe["label"] == "clean"]
    rejected = [score for score in clean if max(score.values()) >= 0.9]

    assert len(rejected) <= 0.05 * len(clean)


def test_sharp_criticism_is_not_taken_for_abuse(scored: list) -> None:
    critical = [s for p, s in scored if p["label"] == "clean" and "critical" in p["tags"]]

    assert sum(s["toxicity"] >= 0.5 for s in critical) <= 0.05 * len(critical)


def test_abuse_and_spam_are_almost_never_approved(scored: list) -> None:
    abusive = [
        score["spam" if probe["label"] == "spam" else "toxicity"]
        for probe, score in scored
        if probe["label"] != "clean"
    ]

    assert sum(value < 0.5 for value in abusive) <= 0.1 * len(abusive)


def test_disguised_abuse_is_caught(scored: list) -> None:
    disguised = [
        score["spam" if probe["label"] == "spam" else "toxicity"]
        for probe, score in scored
        if "disguised" in probe["tags"]
    ]

    assert disguised and sum(value >= 0.5 for value in disguised) >= 0.85 * len(disguised)
