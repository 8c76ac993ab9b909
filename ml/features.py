"""Features: the normaliser as a transformer, hashed n-gram TF-IDF and structured spam signals."""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.pipeline import FeatureUnion, Pipeline

from ml.abuse_terms import COUNTED, GROUP_AIMED_KINDS, abuse_counts
from ml.identity import mask_group_names, names_a_group
from ml.ngrams import CharNgramHasher, WordNgramHasher
from ml.normalise import normalise
from ml.text_transformer import TextTransformer

# Artifacts keep our transformers by reference to this code: bump this whenever normalisation
# or features change what they compute, so that older artifacts are refused, not misread.
FEATURES_VERSION = 24

_CONTACT_TOKEN = re.compile(r"\bx(?:phone|email|handle)\b")


class TextNormaliser(TextTransformer):
    """Maps raw texts to their normalised form (see :mod:`ml.normalise`)."""

    def transform(self, X: Iterable[str]) -> list[str]:
        return [normalise(text) for text in X]


class _DenseSignals(TextTransformer):
    """A few numbers per normalised text, one column per name in ``feature_names``."""

    feature_names: tuple[str, ...] = ()
    prefix = ""

    def transform(self, X: Iterable[str]) -> sparse.csr_matrix:
        return sparse.csr_matrix(self.dense(X))

    def dense(self, X: Iterable[str]) -> np.ndarray:
        """The signals as a dense array, one row per text."""
        rows = [self._signals(text) for text in X]
        return np.asarray(rows, dtype=np.float64).reshape(-1, len(self.feature_names))

    @staticmethod
    def _signals(text: str) -> list[float]:
        raise NotImplementedError

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.asarray([f"{self.prefix}:{name}" for name in self.feature_names], dtype=object)


class SpamSignals(_DenseSignals):
    """Structured signals of normalised text: contact details, digits, repeated words.

    Reads the normalised text, so it counts the ``xphone``/``xemail``/``xhandle`` tokens the
    normaliser left. Every value is squashed into [0, 1] so that it sits beside TF-IDF weights.
    Text length and link counts are left out on purpose: on comment data they become shortcuts
    (short means abusive, a link means spam) that flag civil short replies and cited sources;
    links still count through their ``xurl``/``xdom…`` tokens among the n-grams.
    """

    feature_names = ("contacts", "digits_ratio", "repeated_words")
    prefix = "signal"

    @staticmethod
    def _signals(text: str) -> list[float]:
        words = text.split()
        contacts = len(_CONTACT_TOKEN.findall(text))
        digits = sum(map(str.isdigit, text)) / max(len(text), 1)
        repeated = 1.0 - len(set(words)) / len(words) if words else 0.0
        return [min(contacts / 2, 1.0), digits, repeated]


# An abuse count as a feature: none, one, two or more words of a kind.
_COUNT_SCALE = {0: 0.0, 1: 0.5}


class AbuseSignals(_DenseSignals):
    """Counts of abusive wording by kind (:mod:`ml.abuse_terms`) in normalised text.

    One column per kind (0, 0.5 or 1 for none, one, two or more words of it), and one per
    group-aimed kind that is 1 when the comment also names a group. Naming a group has no
    column of its own: only abuse aimed at one counts.
    """

    feature_names = (*COUNTED, *(f"{kind}_at_group" for kind in GROUP_AIMED_KINDS))
    prefix = "abuse"

    @staticmethod
    def _signals(text: str) -> list[float]:
        counts = abuse_counts(text)
        kinds = [_COUNT_SCALE.get(count, 1.0) for count in counts.values()]
        if not any(counts[kind] for kind in GROUP_AIMED_KINDS):
            return kinds + [0.0] * len(GROUP_AIMED_KINDS)
        at_group = names_a_group(text)
        return kinds + [float(at_group and counts[kind] > 0) for kind in GROUP_AIMED_KINDS]


def _hashed_tfidf(hasher: CharNgramHasher | WordNgramHasher) -> Pipeline:
    # Hashing keeps the artifact small and fast to load: no vocabulary to store, only arrays.
    return Pipeline([("hash", hasher), ("tfidf", TfidfTransformer(sublinear_tf=True))])


def text_features(word_bits: int = 18, char_bits: int = 20) -> FeatureUnion:
    """Word 1-2-grams, character 2-5-grams within word boundaries, spam and abuse signals."""
    words = WordNgramHasher(
        token_pattern=r"(?u)\b\w[\w*]*\b",
        ngram_range=(1, 2),
        n_features=2**word_bits,
        preprocessor=mask_group_names,
    )
    chars = CharNgramHasher(
        ngram_range=(2, 5), n_features=2**char_bits, preprocessor=mask_group_names
    )
    return FeatureUnion(
        [
            ("words", _hashed_tfidf(words)),
            ("chars", _hashed_tfidf(chars)),
            ("signals", SpamSignals()),
            ("abuse", AbuseSignals()),
        ]
    )


def feature_pipeline() -> Pipeline:
    return Pipeline([("normalise", TextNormaliser()), ("features", text_features())])
