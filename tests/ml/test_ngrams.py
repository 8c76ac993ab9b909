"""Hashed n-gram counts: the n-grams scikit-learn's analyzers yield, in documented columns."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from sklearn.feature_extraction.text import HashingVectorizer

from ml import ngrams
from ml.ngrams import CharNgramHasher, WordNgramHasher

MASK = 2**64 - 1
TEXTS = [
    "you are an idiot",
    "  spaced   out\ttext  ",
    "",
    "   ",
    "a",
    "ермəni Ermeni ЕРМЕНИ 😀 emoji",
    "f*ck this, f*ck that",
    "один два один два",
]


def _mix(value: int) -> int:
    value ^= value >> 30
    value = value * 0xBF58476D1CE4E5B9 & MASK
    value ^= value >> 27
    value = value * 0x94D049BB133111EB & MASK
    return value ^ value >> 31


def _char_column(gram: str, n_features: int) -> int:
    value = 0
    for char in gram:  # Horner: the first character has the highest power
        value = (value * int(ngrams._BASE) + ord(char)) & MASK
    return _mix((value + len(gram) * int(ngrams._LENGTH)) & MASK) % n_features


def _word_value(word: str) -> int:
    value = sum(ord(char) * pow(int(ngrams._BASE), k, 2**64) for k, char in enumerate(word))
    return (value + len(word) * int(ngrams._LENGTH)) & MASK


def _word_column(gram: str, n_features: int) -> int:
    first, *rest = gram.split(" ")
    value = _word_value(first)
    for word in rest:
        value = (_mix(value) * int(ngrams._PAIR) + _word_value(word)) & MASK
    return _mix(value) % n_features


def _expected(analyzer, column, texts: list[str], n_features: int) -> np.ndarray:  # type: ignore[no-untyped-def]
    expected = np.zeros((len(texts), n_features), dtype=np.float32)
    for row, text in enumerate(texts):
        for gram, count in Counter(analyzer(text)).items():
            expected[row, column(gram, n_features)] += count
    return expected


def test_character_ngrams_are_the_char_wb_analyzers_in_their_documented_columns() -> None:
    analyzer = HashingVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), lowercase=False
    ).build_analyzer()

    counts = CharNgramHasher(ngram_range=(2, 5), n_features=64).transform(TEXTS)

    np.testing.assert_array_equal(counts.toarray(), _expected(analyzer, _char_column, TEXTS, 64))


def test_word_ngrams_are_the_word_analyzers_in_their_documented_columns() -> None:
    pattern = r"(?u)\b\w[\w*]*\b"
    analyzer = HashingVectorizer(
        token_pattern=pattern, ngram_range=(1, 2), lowercase=False
    ).build_analyzer()

    counts = WordNgramHasher(token_pattern=pattern, ngram_range=(1, 2), n_features=64).transform(
        TEXTS
    )

    np.testing.assert_array_equal(counts.toarray(), _expected(analyzer, _word_column, TEXTS, 64))


def test_words_past_the_powers_kept_at_hand_hash_to_their_documented_columns() -> None:
    pattern = r"(?u)\b\w[\w*]*\b"
    analyzer = HashingVectorizer(
        token_pattern=pattern, ngram_range=(1, 2), lowercase=False
    ).build_analyzer()
    long_text = "alpha beta gamma delta " * (ngrams._KEPT_POWERS // 16)  # 1.4 times as long

    hasher = WordNgramHasher(token_pattern=pattern, ngram_range=(1, 2), n_features=64)

    counts = hasher.transform(["one word", long_text])

    expected = _expected(analyzer, _word_column, ["one word", long_text], 64)
    np.testing.assert_array_equal(counts.toarray(), expected)


@pytest.mark.parametrize("hasher", [CharNgramHasher(), WordNgramHasher()], ids=["chars", "words"])
def test_a_text_counts_the_same_alone_and_in_a_batch(hasher: CharNgramHasher) -> None:
    batch = hasher.transform(TEXTS)

    for row, text in enumerate(TEXTS):
        alone = hasher.transform([text])
        assert batch[row].nnz == alone.nnz
        assert abs(batch[row] - alone).max() == 0


@pytest.mark.parametrize("kind", [CharNgramHasher, WordNgramHasher], ids=["chars", "words"])
def test_a_batch_too_wide_for_32_bit_keys_counts_what_its_texts_count_alone(kind: type) -> None:
    # Eight texts of 2**28 columns are 2**31 keys, past what 32-bit keys hold; one text is not.
    hasher = kind(n_features=2**28)
    batch = hasher.hash_counts(TEXTS)

    for row, text in enumerate(TEXTS):
        alone = hasher.hash_counts([text])
        span = slice(batch.indptr[row], batch.indptr[row + 1])
        np.testing.assert_array_equal(batch.indices[span], alone.indices)
        np.testing.assert_array_equal(batch.data[span], alone.data)


@pytest.mark.parametrize("hasher", [CharNgramHasher(), WordNgramHasher()], ids=["chars", "words"])
def test_texts_without_words_count_nothing(hasher: CharNgramHasher) -> None:
    counts = hasher.transform(["", "   ", "\t\n"])

    assert counts.shape == (3, hasher.n_features)
    assert counts.nnz == 0


def test_an_ngram_never_spans_two_texts() -> None:
    hasher = CharNgramHasher(ngram_range=(2, 5), n_features=2**20)

    apart = hasher.transform(["ab", "cd"])

    assert apart[0, _char_column("b c", 2**20)] == 0
    assert apart.sum() == hasher.transform(["ab"]).sum() + hasher.transform(["cd"]).sum()


def test_the_preprocessor_reads_each_text_before_it_is_counted() -> None:
    hasher = WordNgramHasher(n_features=64, preprocessor=str.upper)

    assert (
        abs(hasher.transform(["idiot"]) - WordNgramHasher(n_features=64).transform(["IDIOT"])).max()
        == 0
    )


def test_character_ngrams_of_one_letter_are_refused() -> None:
    with pytest.raises(ValueError, match="start at 2"):
        CharNgramHasher(ngram_range=(1, 3)).transform(["text"])
