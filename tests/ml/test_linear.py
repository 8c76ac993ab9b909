"""The lean scorer gives exactly what the scikit-learn pipelines give."""

from __future__ import annotations

import numpy as np
import pytest

from ml.linear import compile_heads
from ml.model import _coefficients, build_head
from ml.normalise import normalise
from ml.training import TrainedModel

TEXTS = [
    "WIN 500$ bonus at 1xbet now http://bit.ly/xx",
    "The minister should resign, the budget is a disgrace.",
    "you are a stupid 1d10t",
    "Bu nazir istefa verməlidir, büdcə biabırçılıqdır.",
    "Этот министр должен уйти в отставку.",
    "",
    "!!!",
]


def test_lean_probabilities_equal_the_pipelines(seed_model: TrainedModel) -> None:
    normalised = [normalise(text) for text in TEXTS]
    lean = compile_heads(seed_model.model.heads).probabilities(normalised)

    for name, head in seed_model.model.heads.items():
        expected = head[1:].predict_proba(normalised)[:, 1]
        np.testing.assert_allclose(lean[name], expected, rtol=1e-6, atol=1e-9)


def test_a_batch_counts_exactly_what_the_hashers_count(seed_model: TrainedModel) -> None:
    # The hashers share their preprocessor, which the lean scorer applies once for both.
    # Words repeat across texts and within one; empty texts and texts of one word sit between.
    batch = [normalise(text) for text in TEXTS] + ["idiot idiot", "armenians are idiots", "xurl"]
    lean = compile_heads(seed_model.model.heads)

    counts, _ = lean.counts(batch * 3)

    for mine, hasher in zip(counts, lean.hashers, strict=True):
        theirs = hasher.transform(batch * 3)
        assert mine.matrix().dtype == theirs.dtype
        assert mine.shape == theirs.shape
        assert abs(mine.matrix() - theirs).max() == 0


def test_lean_contributions_equal_the_pipelines_features_times_coefficients(
    seed_model: TrainedModel,
) -> None:
    pieces = [normalise(word) for word in ["bonus", "idiot", "minister", "xurl", "спасибо"]]
    lean = compile_heads(seed_model.model.heads).contributions(pieces)

    for name, head in seed_model.model.heads.items():
        features = head.named_steps["features"].transform(pieces)
        expected = np.asarray(features @ _coefficients(head)).ravel()
        np.testing.assert_allclose(lean[name], expected, rtol=1e-6, atol=1e-9)


def test_the_model_scores_with_the_lean_path(seed_model: TrainedModel) -> None:
    scores = seed_model.model.predict_scores(TEXTS)

    for name, head in seed_model.model.heads.items():
        expected = head[1:].predict_proba([normalise(t) for t in TEXTS])[:, 1]
        assert [s[name] for s in scores] == pytest.approx(list(expected), rel=1e-6, abs=1e-9)


def test_a_piece_read_in_its_own_context_contributes_what_the_pipeline_computes() -> None:
    # Heads fitted on different texts have different IDF weights, so each must scale by its
    # own norms of the context: a piece that is the whole context then weighs exactly the
    # head's features times coefficients.
    spam_texts = ["win a bonus now", "call now for prizes", "meeting at noon", "see you at noon"]
    toxic_texts = ["you stupid idiot", "what an idiot", "thanks for the article", "good point"]
    heads = {
        "spam": build_head(C=1.0).fit(spam_texts * 3, [1, 1, 0, 0] * 3),
        "toxicity": build_head(C=1.0).fit(toxic_texts * 3, [1, 1, 0, 0] * 3),
    }
    lean = compile_heads(heads)
    for text in ["win now, you idiot", "thanks, see you at noon"]:
        context = normalise(text)
        found = lean.contributions([context], context=context)
        for name, head in heads.items():
            features = head.named_steps["features"].transform([context])
            expected = np.asarray(features @ _coefficients(head)).ravel()
            np.testing.assert_allclose(found[name], expected, rtol=1e-6, atol=1e-9)
