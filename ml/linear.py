"""A lean scorer for fitted heads: the pipeline's arithmetic without its per-call overhead.

A head is hashed n-grams weighted by TF-IDF, dense signals (spam, abuse), a logistic
regression and a sigmoid calibration. Run through scikit-learn's Pipeline, FeatureUnion and
CalibratedClassifierCV, one comment costs milliseconds of input checks and object plumbing;
the arithmetic itself takes microseconds. This module reads the fitted parameters once and
applies them directly, hashing each text once for every head that shares the same hashers.
``tests/ml/test_linear.py`` holds it to the pipeline's own output.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import expit
from sklearn.pipeline import Pipeline

from ml.features import AbuseSignals, SpamSignals
from ml.ngrams import CharNgramHasher, HashedCounts, WordNgramHasher

DENSE_BLOCKS = (SpamSignals, AbuseSignals)

Hasher = CharNgramHasher | WordNgramHasher


@dataclass(frozen=True)
class LinearHead:
    """One fitted head as plain arrays."""

    idf: tuple[np.ndarray, ...]  # one per hashed block, in FeatureUnion order
    sublinear: tuple[bool, ...]
    coef: np.ndarray
    intercept: float
    calibration: tuple[float, float]  # sigmoid a, b: p = expit(-(a * f + b))

    def decision(
        self,
        counts: Sequence[HashedCounts],
        signals: np.ndarray,
        norms: Sequence[float] | None = None,
    ) -> np.ndarray:
        """Log-odds of the logistic regression for hashed counts and dense signals.

        ``norms`` (one per hashed block) replaces each row's own L2 norm: with the norms of a
        whole text, the rows' results are what their n-grams add to that text's log-odds.
        """
        total = signals @ self.coef[-signals.shape[1] :] + self.intercept
        offset = 0
        for index, (block, idf, sublinear) in enumerate(
            zip(counts, self.idf, self.sublinear, strict=True)
        ):
            values = _tfidf(block, idf, sublinear)
            coef = self.coef[offset + block.indices]
            offset += idf.shape[0]
            if block.shape[0] == 1:  # one comment: plain dot products, no per-row bookkeeping
                norm = float(np.sqrt(values @ values)) if norms is None else norms[index]
                total += float(values @ coef) / norm if norm > 0 else 0.0
                continue
            # Row-wise L2 normalisation, then the dot product with this block's coefficients.
            rows = np.repeat(np.arange(block.shape[0]), np.diff(block.indptr))
            if norms is None:
                row_norms = np.sqrt(np.bincount(rows, weights=values**2, minlength=block.shape[0]))
            else:
                row_norms = np.full(block.shape[0], norms[index])
            dots = np.bincount(rows, weights=values * coef, minlength=block.shape[0])
            total += np.divide(dots, row_norms, out=np.zeros_like(dots), where=row_norms > 0)
        return total

    def norms(self, counts: Sequence[HashedCounts]) -> list[float]:
        """The L2 norm of each hashed block's TF-IDF weights for one text's counts."""
        return [
            float(np.linalg.norm(_tfidf(block, idf, sublinear)))
            for block, idf, sublinear in zip(counts, self.idf, self.sublinear, strict=True)
        ]

    def probability(self, decision: np.ndarray) -> np.ndarray:
        a, b = self.calibration
        return expit(-(a * decision + b))


@dataclass(frozen=True)
class LinearModel:
    hashers: tuple[Hasher, ...]
    signals: tuple[SpamSignals | AbuseSignals, ...]
    heads: dict[str, LinearHead]

    def counts(self, normalised: Sequence[str]) -> tuple[list[HashedCounts], np.ndarray]:
        dense = [block.dense(normalised) for block in self.signals]
        return self.hashed(normalised), np.hstack(dense)

    def hashed(self, normalised: Sequence[str]) -> list[HashedCounts]:
        """Each hasher's counts; hashers that share a preprocessor share its work."""
        prepared: dict[object, list[str]] = {}
        counts = []
        for hasher in self.hashers:
            read = hasher.preprocessor
            if read not in prepared:
                prepared[read] = list(normalised) if read is None else [read(t) for t in normalised]
            counts.append(hasher.hash_counts(prepared[read]))
        return counts

    def probabilities(self, normalised: Sequence[str]) -> dict[str, np.ndarray]:
        counts, signals = self.counts(normalised)
        return {
            name: head.probability(head.decision(counts, signals))
            for name, head in self.heads.items()
        }

    def contributions(
        self, pieces: Sequence[str], context: str | None = None
    ) -> dict[str, np.ndarray]:
        """Each normalised piece's log-odds contribution, without the intercept.

        Read on its own, or, given the normalised ``context`` the pieces come from, as a share
        of that text's score: n-gram weights are scaled by the whole text's norms, so a common
        word that fills a short piece does not weigh as if it were the whole comment.
        """
        counts, signals = self.counts(pieces)
        whole = None if context is None else self.hashed([context])
        return {
            name: head.decision(counts, signals, None if whole is None else head.norms(whole))
            - head.intercept
            for name, head in self.heads.items()
        }


def _tfidf(block: HashedCounts, idf: np.ndarray, sublinear: bool) -> np.ndarray:
    """TF-IDF weights of a block of hashed counts, before normalisation."""
    values = block.data.astype(np.float64)
    if sublinear:
        values = np.log(values) + 1.0
    return values * idf[block.indices]


class NotLinear(ValueError):
    """The head is not of the shape this scorer reproduces."""


def compile_heads(heads: dict[str, Pipeline]) -> LinearModel:
    """Read the fitted parameters of every head; they must share hashers and signals."""
    hashers: tuple[Hasher, ...] | None = None
    signals: tuple[SpamSignals | AbuseSignals, ...] | None = None
    compiled: dict[str, LinearHead] = {}
    for name, head in heads.items():
        union = head.named_steps["features"]
        blocks = [step for _, step in union.transformer_list]
        hashed = [block for block in blocks if isinstance(block, Pipeline)]
        dense = tuple(block for block in blocks if isinstance(block, DENSE_BLOCKS))
        if (
            union.transformer_weights
            or len(hashed) + len(dense) != len(blocks)
            or blocks[: len(hashed)] != hashed
        ):
            raise NotLinear(f"{name}: unexpected feature union")
        head_hashers = tuple(block.named_steps["hash"] for block in hashed)
        if not all(
            isinstance(hasher, CharNgramHasher | WordNgramHasher) for hasher in head_hashers
        ):
            raise NotLinear(f"{name}: unexpected hashers")
        if hashers is None:
            hashers, signals = head_hashers, dense
        elif [type(block) for block in dense] != [type(block) for block in signals or ()]:
            raise NotLinear(f"{name}: heads have different signals")
        elif [h.get_params() for h in hashers] != [h.get_params() for h in head_hashers]:
            raise NotLinear(f"{name}: heads hash differently")
        tfidf = [block.named_steps["tfidf"] for block in hashed]
        if any(t.norm != "l2" or not t.use_idf for t in tfidf):
            raise NotLinear(f"{name}: unexpected TF-IDF settings")
        calibrated = head.named_steps["classify"].calibrated_classifiers_
        if len(calibrated) != 1 or len(calibrated[0].calibrators) != 1:
            raise NotLinear(f"{name}: expected one binary calibrated classifier")
        estimator, calibrator = calibrated[0].estimator, calibrated[0].calibrators[0]
        if not hasattr(calibrator, "a_"):
            raise NotLinear(f"{name}: expected a sigmoid calibration")
        compiled[name] = LinearHead(
            idf=tuple(np.asarray(t.idf_, dtype=np.float64) for t in tfidf),
            sublinear=tuple(bool(t.sublinear_tf) for t in tfidf),
            coef=np.asarray(estimator.coef_[0], dtype=np.float64),
            intercept=float(estimator.intercept_[0]),
            calibration=(float(calibrator.a_), float(calibrator.b_)),
        )
    assert hashers is not None and signals is not None
    return LinearModel(hashers=hashers, signals=signals, heads=compiled)
