"""Logistic regression over features scaled by their Naive Bayes log-count ratios.

Each feature is scaled by how much more often it occurs in positive than in negative examples
(the log-count ratio of Wang and Manning's NBSVM, 2012), damped by a power below one, before
the regression is fitted: a feature the classes share is shrunk towards nothing, one that
tells them apart keeps its scale, so the regularisation holds back the first more than the
second. The fitted coefficients are multiplied by the scales, so that the model applies to
the features as they come: ``coef_`` and ``decision_function`` are a plain logistic
regression's, and everything that reads one (calibration, the lean scorer, explanations) reads
this unchanged.

On the public recipe's toxicity score (``bench/quality.py`` and ``bench/transfer.py``; the
figures are in the README) it raised the in-domain sets by up to 0.009 ROC AUC and the Russian
set scored by a model trained without it by 0.03.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression


class RatioScaledRegression(LogisticRegression):
    """:class:`~sklearn.linear_model.LogisticRegression` fitted on ratio-scaled features.

    ``alpha`` smooths the counts (added to every feature's count in each class) and ``power``
    damps the ratios (``sign(r) * |r| ** power``). Counts are of the examples a feature occurs
    in, weighted by ``sample_weight``.
    """

    def __init__(
        self,
        *,
        alpha: float = 1.0,
        power: float = 0.5,
        C: float = 1.0,
        class_weight: dict[int, float] | str | None = None,
        solver: str = "lbfgs",
        dual: bool = False,
        max_iter: int = 100,
        random_state: int | None = None,
    ) -> None:
        super().__init__(
            C=C,
            class_weight=class_weight,
            solver=solver,
            dual=dual,
            max_iter=max_iter,
            random_state=random_state,
        )
        self.alpha = alpha
        self.power = power

    def fit(
        self,
        X: sparse.spmatrix | np.ndarray,
        y: np.ndarray,
        sample_weight: np.ndarray | None = None,
    ) -> RatioScaledRegression:
        X = sparse.csr_matrix(X)
        y = np.asarray(y)
        # Not kept once folded into the coefficients: a million columns' scales would add
        # 10 MB to every loaded model for nothing a prediction reads.
        scales = ratio_scales(X, y, sample_weight, self.alpha, self.power)
        super().fit(X @ sparse.diags(scales), y, sample_weight=sample_weight)
        self.coef_ = self.coef_ * scales
        return self


def ratio_scales(
    X: sparse.csr_matrix,
    y: np.ndarray,
    sample_weight: np.ndarray | None,
    alpha: float,
    power: float,
) -> np.ndarray:
    """Each column's damped log-count ratio between the examples labelled 1 and the rest."""
    weights = np.ones(X.shape[0]) if sample_weight is None else np.asarray(sample_weight, float)
    present = X.copy()
    present.data = np.ones_like(present.data, dtype=np.float64)
    positive = y == 1
    p = alpha + weights[positive] @ present[positive]
    q = alpha + weights[~positive] @ present[~positive]
    ratio = np.log(p / p.sum()) - np.log(q / q.sum())
    return np.sign(ratio) * np.abs(ratio) ** power
