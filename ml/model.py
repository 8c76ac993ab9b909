"""The moderation model: one scikit-learn pipeline per score, from raw text to probability."""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from ml.features import TextNormaliser, text_features
from ml.linear import LinearModel, NotLinear, compile_heads
from ml.normalise import PHONE, SPREAD, normalise
from ml.ratio_regression import RatioScaledRegression

HEADS = ("spam", "toxicity")

# Regularisation per score, chosen on held-out sets: spam gains from weaker regularisation
# (short, formulaic texts), toxicity does not. Deceptive reviews too: by five-fold cross-
# validation over the training side's hotels, ROC AUC rose from 0.952 at C=2 to 0.9545 at 16
# and no further at 32.
HEAD_C = {"spam": 8.0, "toxicity": 2.0, "deceptive": 16.0}
# Heads whose features are scaled by their log-count ratios, and the power that damps them
# (ml/ratio_regression.py). Toxicity only: on the public recipe's split, a power of 0.5 raised
# OffensEval-TR, the Russian set and the Azerbaijani, Russian and Turkish holdouts by 0.002 to
# 0.009 ROC AUC (bench/quality.py), and the Russian set scored by a model trained without it
# from 0.770 to 0.800 (bench/transfer.py); 0.3 gained less, 0.7 no more. Spam and deceptive
# reviews were not measured with it.
HEAD_RATIO_POWER = {"toxicity": 0.5}

# Spans a reader would point at: a link, a phone number, an address, letters spread out to hide
# a word, or a word with its apostrophes ("didn't", "Ermeni'ler").
_SPAN = re.compile(
    r"(?:https?://|www\.)\S+"
    rf"|{PHONE.pattern}"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    rf"|{SPREAD.pattern}"
    r"|[\w@$*!|\u200b-\u200d\u2060]+(?:['’]\w+)*"
)


# Explanations consider runs of up to this many words, and show a run only where it outweighs
# its words taken one by one by at least this much log-odds, and no shorter run inside it has
# this share of that gain.
PHRASE_WORDS = 5
PHRASE_MARGIN = 0.1
PHRASE_SHARE = 0.8
# Past this many words a comment's runs are read two words at a time: longer runs would cost
# more than scoring the comment does.
LONG_COMMENT_WORDS = 120


def build_head(C: float = 2.0, random_state: int = 0, ratio_power: float | None = None) -> Pipeline:
    """An untrained pipeline for one score: normalise, featurise, calibrated logistic regression.

    The regression is solved in its dual form: with a million hashed columns and far fewer
    comments, that reaches the same weights (to a thousandth of a log-odd) seven to ten times
    faster than the primal form. With ``ratio_power``, the features are first scaled by their
    damped log-count ratios (:mod:`ml.ratio_regression`).
    """
    settings: dict[str, Any] = dict(
        C=C,
        class_weight="balanced",
        solver="liblinear",
        dual=True,
        max_iter=3000,
        random_state=random_state,
    )
    classifier = (
        LogisticRegression(**settings)
        if ratio_power is None
        else RatioScaledRegression(power=ratio_power, **settings)
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


def head_pipeline(head: str, random_state: int = 0) -> Pipeline:
    """:func:`build_head` with the settings chosen for ``head`` (:data:`HEAD_C`,
    :data:`HEAD_RATIO_POWER`)."""
    return build_head(
        C=HEAD_C.get(head, 2.0),
        random_state=random_state,
        ratio_power=HEAD_RATIO_POWER.get(head),
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
        names = list(columns)
        rows = np.clip(np.column_stack([columns[name] for name in names]), 0.0, 1.0).tolist()
        return [dict(zip(names, row, strict=True)) for row in rows]

    def explain(self, text: str, top: int = 5) -> dict[str, list[dict[str, object]]]:
        """The spans of ``text`` (offsets into it as given) that pushed each score up most.

        Each candidate span is read on its own, and its weight is its contribution to the
        head's log-odds, which for a linear model ranks spans by how much they drive the score.
        Candidates are single words (or a link, an address, spread-out letters) and runs of up
        to :data:`PHRASE_WORDS` of them (two in a comment longer than
        :data:`LONG_COMMENT_WORDS`); a run is shown only where it weighs more than its
        words taken one by one, as "go back where you came from" or "I know where you live"
        do, so a phrase appears when the phrase is what the model reads, not a word beside it.
        """
        words = [(m.start(), m.end()) for m in _SPAN.finditer(text)]
        if not words:
            return {name: [] for name in self.heads}
        longest = PHRASE_WORDS if len(words) <= LONG_COMMENT_WORDS else 2
        candidates = [
            (i, j)
            for i in range(len(words))
            for j in range(i + 1, min(i + longest, len(words)) + 1)
        ]
        # Each word normalised once; a run reads as its normalised words side by side.
        normalised = [normalise(text[start:end]) for start, end in words]
        pieces = [" ".join(normalised[i:j]) for i, j in candidates]
        linear = self._linear()
        if linear is not None:
            contributions = linear.contributions(pieces, normalise(text))
        else:
            contributions = {
                name: np.asarray(
                    head.named_steps["features"].transform(pieces) @ _coefficients(head)
                )
                for name, head in self.heads.items()
            }
        result: dict[str, list[dict[str, object]]] = {}
        for name, weights in contributions.items():
            weight = dict(zip(candidates, (float(w) for w in weights), strict=True))
            chosen = _strongest_spans(weight, len(words))
            ranked = sorted(
                (
                    Span(words[i][0], words[j - 1][1], text[words[i][0] : words[j - 1][1]], w)
                    for (i, j), w in ((span, round(weight[span], 4)) for span in chosen)
                ),
                key=lambda span: span.weight,
                reverse=True,
            )
            result[name] = [span.as_dict() for span in ranked[:top]]
        return result


def _strongest_spans(weight: dict[tuple[int, int], float], words: int) -> list[tuple[int, int]]:
    """Non-overlapping runs of words (i, j), each weighing more than zero, heaviest first.

    A run's gain is what it weighs beyond its words' own positive weights: what the words
    mean together. A run of several words stands for them only when its gain is over
    :data:`PHRASE_MARGIN` and no shorter run inside it has most of that gain (so "go back"
    is shown, not "go back where you").
    """

    own = np.cumsum([0.0] + [max(weight[(k, k + 1)], 0.0) for k in range(words)])
    phrases = {
        (i, j): w - (own[j] - own[i])
        for (i, j), w in weight.items()
        if j - i > 1 and w > 0 and w - (own[j] - own[i]) > PHRASE_MARGIN
    }
    eligible = [span for span, w in weight.items() if w > 0 and span[1] - span[0] == 1]
    eligible += [
        (i, j)
        for (i, j), g in phrases.items()
        if not any(
            phrases.get((k, m), -np.inf) >= PHRASE_SHARE * g
            for k in range(i, j)
            for m in range(k + 2, j + 1)
            if (k, m) != (i, j)
        )
    ]
    taken = [False] * words
    chosen = []
    for i, j in sorted(eligible, key=lambda span: weight[span], reverse=True):
        if not any(taken[i:j]):
            taken[i:j] = [True] * (j - i)
            chosen.append((i, j))
    return chosen


_compiled: weakref.WeakKeyDictionary[ModerationModel, LinearModel | None] = (
    weakref.WeakKeyDictionary()
)


def _coefficients(head: Pipeline) -> np.ndarray:
    calibrated: CalibratedClassifierCV = head.named_steps["classify"]
    coefs = [c.estimator.coef_[0] for c in calibrated.calibrated_classifiers_]
    return np.mean(coefs, axis=0)
