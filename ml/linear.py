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
class HashedBlock:
    """One hashed block's parameters for every head, a row per column of the block.

    Row ``j`` of ``table`` holds each head's IDF weight times coefficient of column ``j``,
    then each head's squared IDF weight: one gather of a comment's columns reads all a head
    needs for its dot product and its norm, for every head at once. It is kept in single
    precision, which halves the memory a loaded model takes and the memory each gather
    reads; sums are taken in double precision, and the probabilities stay within 1e-7 of
    the pipeline's (``tests/ml/test_linear.py``).
    """

    table: np.ndarray  # (columns, 2 * heads)
    sublinear: bool


@dataclass(frozen=True)
class LinearModel:
    """Every head's parameters side by side: one comment is scored for all heads at once."""

    hashers: tuple[Hasher, ...]
    signals: tuple[SpamSignals | AbuseSignals, ...]
    names: tuple[str, ...]
    blocks: tuple[HashedBlock, ...]  # in FeatureUnion order, one per hasher
    dense: np.ndarray  # (dense signals, heads)
    intercepts: np.ndarray  # (heads,)
    calibration: np.ndarray  # (2, heads): sigmoid a, b; p = expit(-(a * f + b))

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

    def decisions(
        self,
        counts: Sequence[HashedCounts],
        signals: np.ndarray,
        norms: np.ndarray | None = None,
    ) -> np.ndarray:
        """Log-odds of each head's logistic regression, a row per text, a column per head.

        ``norms`` (a row per hashed block, a column per head) replaces each row's own L2 norms:
        with the norms of a whole text, the rows' results are what their n-grams add to that
        text's log-odds.
        """
        heads = len(self.names)
        total = signals @ self.dense + self.intercepts
        for index, (block, params) in enumerate(zip(counts, self.blocks, strict=True)):
            values = _term_weights(block, params.sublinear)
            rows = params.table.take(block.indices, axis=0)
            if block.shape[0] == 1:  # one comment: one product, no per-row bookkeeping
                sums = np.stack((values, values * values)) @ rows
                dots, squares = sums[0, :heads], sums[1, heads:]
            else:
                terms = np.empty(rows.shape)
                np.multiply(rows[:, :heads], values[:, None], out=terms[:, :heads])
                np.multiply(rows[:, heads:], (values * values)[:, None], out=terms[:, heads:])
                sums = _row_sums(terms, block.indptr)
                dots, squares = sums[:, :heads], sums[:, heads:]
            row_norms = np.sqrt(squares) if norms is None else norms[index]
            # A text without n-grams has a norm of 0 and adds 0.
            total += dots / np.where(row_norms > 0, row_norms, np.inf)
        return total

    def norms(self, counts: Sequence[HashedCounts]) -> np.ndarray:
        """Each head's L2 norm of one text's TF-IDF weights, a row per hashed block."""
        heads = len(self.names)
        rows = []
        for block, params in zip(counts, self.blocks, strict=True):
            values = _term_weights(block, params.sublinear)
            squares = params.table.take(block.indices, axis=0)[:, heads:]
            rows.append(np.sqrt((values * values) @ squares))
        return np.array(rows).reshape(len(self.blocks), heads)

    def probabilities(self, normalised: Sequence[str]) -> dict[str, np.ndarray]:
        counts, signals = self.counts(normalised)
        a, b = self.calibration
        probabilities = expit(-(a * self.decisions(counts, signals) + b))
        return {name: probabilities[:, i] for i, name in enumerate(self.names)}

    def contributions(
        self, pieces: Sequence[str], context: str | None = None
    ) -> dict[str, np.ndarray]:
        """Each normalised piece's log-odds contribution, without the intercept.

        Read on its own, or, given the normalised ``context`` the pieces come from, as a share
        of that text's score: n-gram weights are scaled by the whole text's norms, so a common
        word that fills a short piece does not weigh as if it were the whole comment.
        """
        counts, signals = self.counts(pieces)
        whole = None if context is None else self.norms(self.hashed([context]))
        decisions = self.decisions(counts, signals, whole) - self.intercepts
        return {name: decisions[:, i] for i, name in enumerate(self.names)}


def _row_sums(values: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """Sums of the rows of ``values`` that each CSR row spans (zeros for an empty one)."""
    sums = np.zeros((indptr.shape[0] - 1, values.shape[1]))
    filled = indptr[1:] > indptr[:-1]
    if filled.any():
        sums[filled] = np.add.reduceat(values, indptr[:-1][filled], axis=0)
    return sums


def _term_weights(block: HashedCounts, sublinear: bool) -> np.ndarray:
    """Each count as the TF-IDF transformer reads it, before its IDF weight."""
    values = block.data.astype(np.float64)
    return np.log(values) + 1.0 if sublinear else values


class NotLinear(ValueError):
    """The head is not of the shape this scorer reproduces."""


def _weight_table(idfs: list[np.ndarray], coefs: list[np.ndarray]) -> np.ndarray:
    """One block's :attr:`HashedBlock.table` from each head's IDF weights and coefficients,
    filled a column at a time so that no more than one column is ever held twice."""
    heads = len(idfs)
    table = np.empty((idfs[0].shape[0], 2 * heads), dtype=np.float32)
    for head, (idf, coef) in enumerate(zip(idfs, coefs, strict=True)):
        table[:, head] = idf * coef
        table[:, heads + head] = idf * idf
    return table


def compile_heads(heads: dict[str, Pipeline]) -> LinearModel:
    """Read the fitted parameters of every head; they must share hashers and signals."""
    hashers: tuple[Hasher, ...] | None = None
    signals: tuple[SpamSignals | AbuseSignals, ...] | None = None
    sublinear: tuple[bool, ...] | None = None
    idfs: list[list[np.ndarray]] = []  # per head, per hashed block
    coefs: list[list[np.ndarray]] = []
    dense, intercepts, calibration = [], [], []
    for name, head in heads.items():
        union = head.named_steps["features"]
        blocks = [step for _, step in union.transformer_list]
        hashed = [block for block in blocks if isinstance(block, Pipeline)]
        head_signals = tuple(block for block in blocks if isinstance(block, DENSE_BLOCKS))
        if (
            union.transformer_weights
            or len(hashed) + len(head_signals) != len(blocks)
            or blocks[: len(hashed)] != hashed
        ):
            raise NotLinear(f"{name}: unexpected feature union")
        head_hashers = tuple(block.named_steps["hash"] for block in hashed)
        if not all(
            isinstance(hasher, CharNgramHasher | WordNgramHasher) for hasher in head_hashers
        ):
            raise NotLinear(f"{name}: unexpected hashers")
        tfidf = [block.named_steps["tfidf"] for block in hashed]
        if any(t.norm != "l2" or not t.use_idf for t in tfidf):
            raise NotLinear(f"{name}: unexpected TF-IDF settings")
        head_sublinear = tuple(bool(t.sublinear_tf) for t in tfidf)
        if hashers is None:
            hashers, signals, sublinear = head_hashers, head_signals, head_sublinear
        elif [type(block) for block in head_signals] != [type(block) for block in signals or ()]:
            raise NotLinear(f"{name}: heads have different signals")
        elif [h.get_params() for h in hashers] != [h.get_params() for h in head_hashers]:
            raise NotLinear(f"{name}: heads hash differently")
        elif head_sublinear != sublinear:
            raise NotLinear(f"{name}: heads weigh counts differently")
        calibrated = head.named_steps["classify"].calibrated_classifiers_
        if len(calibrated) != 1 or len(calibrated[0].calibrators) != 1:
            raise NotLinear(f"{name}: expected one binary calibrated classifier")
        estimator, calibrator = calibrated[0].estimator, calibrated[0].calibrators[0]
        if not hasattr(calibrator, "a_"):
            raise NotLinear(f"{name}: expected a sigmoid calibration")
        coef = np.asarray(estimator.coef_[0], dtype=np.float64)
        head_idfs = [np.asarray(t.idf_, dtype=np.float64) for t in tfidf]
        *block_coef, dense_coef = np.split(coef, np.cumsum([idf.shape[0] for idf in head_idfs]))
        idfs.append(head_idfs)
        coefs.append(block_coef)
        dense.append(dense_coef)
        intercepts.append(float(estimator.intercept_[0]))
        calibration.append((float(calibrator.a_), float(calibrator.b_)))
    assert hashers is not None and signals is not None and sublinear is not None
    blocks = tuple(
        HashedBlock(
            table=_weight_table([h[index] for h in idfs], [h[index] for h in coefs]),
            sublinear=sublinear[index],
        )
        for index in range(len(hashers))
    )
    return LinearModel(
        hashers=hashers,
        signals=signals,
        names=tuple(heads),
        blocks=blocks,
        dense=np.column_stack(dense),
        intercepts=np.array(intercepts),
        calibration=np.array(calibration).T.copy(),
    )
