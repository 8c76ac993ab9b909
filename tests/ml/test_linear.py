"""The lean scorer gives exactly what the scikit-learn pipelines give."""

from __future__ import annotations

import numpy as np
import pytest

from ml.linear import compile_heads
from ml.model import _coefficients
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
