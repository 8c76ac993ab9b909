"""The moderation model: one scikit-learn pipeline per score, from raw text to probability."""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from ml.features import TextNormaliser, text_features
from ml.linear import LinearModel, NotLinear, compile_heads
from ml.normalise import normalise

HEADS = ("spam", "toxicity")

# Regularisation per score, chosen on held-out sets: spam gains from weaker regularisation
# (short, formulaic texts), toxicity does not.
HEAD_C = {"spam": 8.0, "toxicity": 2.0, "deceptive": 2.0}

# Spans a reader would point at: a link, an address, letters spread out to hide a word, or a word.
_SPAN = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<!\w)(?:[^\W\d_][\s.\-_*·]{1,2}){2,}[^\W\d_](?!\w)"
    r"|[\w@$*!|\u200b-\u200d\u2060]+"
)


def build_head(C: float = 2.0, random_state: int = 0) -> Pipeline:
    """An untrained pipeline for one score: normalise, featurise, calibrated logistic regression."""
    classifier = LogisticRegression(
        C=C,
        class_weight="balanced",
        solver="liblinear",
        max_iter=3000,
        random_state=random_state,
    )
    return Pipeline(
        [
            ("normalise", TextNormaliser()),
            ("features", text_features()),
            (
                "classify",
                CalibratedClassifierCV(classifier, method="sigmoid", cv=5, ensemble=False),
            ),
        ]
    )


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    weight: float

    def as_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text, "weight": self.weight}


class ModerationModel:
    """A trained pipeline per score name (``spam``, ``toxicity``, ...) sharing one normalisation."""

    def __init__(self, heads: dict[str, Pipeline]) -> None:
        self.heads = heads

    @property
    def score_names(self) -> tuple[str, ...]:
        return tuple(self.heads)

    def _linear(self) -> LinearModel | None:
        """The lean scorer for these heads (built once), or None if they are not linear."""
        if self not in _compiled:
            try:
                _compiled[self] = compile_heads(self.heads)
            except NotLinear:
                _compiled[self] = None
        return _compiled[self]

    def predict_scores(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Probabilities per text and score name; the text is normalised once for every head."""
        normalised = [normalise(text) for text in texts]
        linear = self._linear()
        if linear is not None:
            columns = linear.probabilities(normalised)
        else:
            columns = {
                name: head[1:].predict_proba(normalised)[:, 1] for name, head in self.heads.items()
            }
        return [
            {name: float(np.clip(values[i], 0.0, 1.0)) for name, values in columns.items()}
            for i in range(len(texts))
        ]

    def explain(self, text: str, top: int = 5) -> dict[str, list[dict[str, object]]]:
        """The spans of ``text`` (offsets into it as given) that pushed each score up most.

        Each span's weight is its contribution to the head's log-odds when read on its own,
        which for a linear model ranks spans by how much they drive the score.
        """
        spans = [(m.start(), m.end(), m.group(0)) for m in _SPAN.finditer(text)]
        if not spans:
            return {name: [] for name in self.heads}
        pieces = [normalise(fragment) for _, _, fragment in spans]
        linear = self._linear()
        if linear is not None:
            contributions = linear.contributions(pieces)
        else:
            contributions = {
                name: np.asarray(
                    head.named_steps["features"].transform(pieces) @ _coefficients(head)
                )
                for name, head in self.heads.items()
            }
        result: dict[str, list[dict[str, object]]] = {}
        for name, weights in contributions.items():
            ranked = sorted(
                (
                    Span(start, end, fragment, round(float(weight), 4))
                    for (start, end, fragment), weight in zip(spans, weights, strict=True)
                    if weight > 0
                ),
                key=lambda span: span.weight,
                reverse=True,
            )
            result[name] = [span.as_dict() for span in ranked[:top]]
        return result


_compiled: weakref.WeakKeyDictionary[ModerationModel, LinearModel | None] = (
    weakref.WeakKeyDictionary()
)


def _coefficients(head: Pipeline) -> np.ndarray:
    calibrated: CalibratedClassifierCV = head.named_steps["classify"]
    coefs = [c.estimator.coef_[0] for c in calibrated.calibrated_classifiers_]
    return np.mean(coefs, axis=0)
