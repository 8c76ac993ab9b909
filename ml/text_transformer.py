"""The base of the project's scikit-learn transformers of raw or normalised texts."""

from __future__ import annotations

from collections.abc import Iterable

from sklearn.base import BaseEstimator, TransformerMixin


class TextTransformer(TransformerMixin, BaseEstimator):
    """A stateless transformer of a list of strings: nothing to fit, no 2-D input."""

    def fit(self, X: Iterable[str], y: object = None) -> TextTransformer:
        self.n_features_in_ = 1
        return self

    def __sklearn_tags__(self):  # type: ignore[no-untyped-def]
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = False
        return tags
