"""Logistic regression over ratio-scaled features: to whatever reads it, a plain regression."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from ml.ratio_regression import RatioScaledRegression, ratio_scales

# Column 0 occurs only in positive examples, column 1 in every example, column 2 mostly in
# negative ones, column 3 at random.
RNG = np.random.default_rng(0)
Y = np.array([1, 0] * 40)
X = sparse.csr_matrix(
    np.column_stack(
        [
            Y * RNG.uniform(0.5, 1.0, 80),
            RNG.uniform(0.5, 1.0, 80),
            (1 - Y) * RNG.uniform(0.5, 1.0, 80) + (RNG.uniform(size=80) < 0.1),
            RNG.uniform(size=80) * (RNG.uniform(size=80) < 0.5),
        ]
    )
)


def test_a_feature_both_classes_share_is_scaled_least_and_telling_ones_keep_their_sign() -> None:
    scales = ratio_scales(X, Y, None, alpha=1.0, power=0.5)

    assert scales[0] > 1.0
    assert scales[2] < -1.0
    assert abs(scales[1]) < 0.2 * min(scales[0], -scales[2])


def test_the_power_damps_the_ratios() -> None:
    full = ratio_scales(X, Y, None, alpha=1.0, power=1.0)
    damped = ratio_scales(X, Y, None, alpha=1.0, power=0.5)

    np.testing.assert_allclose(np.abs(damped), np.sqrt(np.abs(full)))


def test_sample_weights_count_in_the_ratios() -> None:
    weights = np.where(X[:, 3].toarray().ravel() > 0, 5.0, 1.0) * (Y + 1)

    assert not np.allclose(
        ratio_scales(X, Y, weights, 1.0, 0.5), ratio_scales(X, Y, None, 1.0, 0.5)
    )


def test_the_fitted_model_scores_raw_features_as_a_regression_on_scaled_ones_would() -> None:
    weights = RNG.uniform(0.5, 2.0, 80)
    scales = sparse.diags(ratio_scales(X, Y, weights, alpha=1.0, power=0.5))
    model = RatioScaledRegression(C=1.0, solver="liblinear", dual=True, random_state=0).fit(
        X, Y, sample_weight=weights
    )
    plain = LogisticRegression(C=1.0, solver="liblinear", dual=True, random_state=0).fit(
        X @ scales, Y, sample_weight=weights
    )

    np.testing.assert_allclose(model.decision_function(X), plain.decision_function(X @ scales))
    np.testing.assert_allclose(model.coef_, plain.coef_ @ scales.toarray())
