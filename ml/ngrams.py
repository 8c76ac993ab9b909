"""Hashed n-gram counts of a whole batch of texts at once, in numpy.

scikit-learn's ``HashingVectorizer`` builds every n-gram of a text as a Python string, then
hashes it: on comments of about 120 characters that is a quarter of a millisecond a text for
character 2-5-grams, most of the scoring time. Here the batch is read as one array of code
points and every n-gram is hashed arithmetically, without a string: a polynomial of its code
points modulo 2**64 (from prefix sums for words of any length), mixed by splitmix64's finaliser
and reduced to a column. The n-grams counted are the same as ``HashingVectorizer``'s with
``analyzer="char_wb"`` or a ``token_pattern``; only the columns they land in differ.

Texts are joined with NUL between them: no n-gram or token spans a NUL, so none crosses from
one text into the next. A NUL within a text is read as a space.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

import numpy as np
from scipy import sparse

from ml.text_transformer import TextTransformer

_SEPARATOR = "\x00"
_SPACE = ord(" ")
# Odd multipliers: every power of an odd number is odd, so it has an inverse modulo 2**64.
_BASE = np.uint64(0x9E3779B97F4A7C15)
_BASE_INVERSE = np.uint64(pow(int(_BASE), -1, 2**64))
_LENGTH = np.uint64(0xD6E8FEB86659FD93)
_PAIR = np.uint64(0xA0761D6478BD642F)


def _times(count: int, value: np.uint64) -> np.uint64:
    """``count * value`` modulo 2**64, without numpy's warning that a scalar overflowed."""
    return np.uint64(count * int(value) % 2**64)


_SHIFTS = (np.uint64(30), np.uint64(27), np.uint64(31))
_MULTIPLIERS = (np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every bit of the result depends on every bit of the input."""
    values = values ^ (values >> _SHIFTS[0])
    values *= _MULTIPLIERS[0]
    values ^= values >> _SHIFTS[1]
    values *= _MULTIPLIERS[1]
    values ^= values >> _SHIFTS[2]
    return values


def _joined(texts: Sequence[str], pad: bool) -> tuple[str, np.ndarray]:
    """The texts joined by NUL, words separated by one space (and a space either side of each
    non-empty text if ``pad``), and where each text starts in the joined string."""
    pieces = [" ".join(text.replace(_SEPARATOR, " ").split()) for text in texts]
    if pad:
        pieces = [f" {piece} " if piece else "" for piece in pieces]
    lengths = np.fromiter((len(piece) + 1 for piece in pieces), dtype=np.int64, count=len(pieces))
    starts = np.zeros(len(pieces), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    return _SEPARATOR.join(pieces), starts


def _code_points(joined: str) -> np.ndarray:
    return np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def _power_table(count: int) -> tuple[np.ndarray, np.ndarray]:
    """The first ``count`` powers of the base and of its inverse, modulo 2**64."""
    powers = np.empty((2, count), dtype=np.uint64)
    powers[:, 0] = 1
    np.full(count - 1, _BASE).cumprod(out=powers[0, 1:])
    np.full(count - 1, _BASE_INVERSE).cumprod(out=powers[1, 1:])
    return powers[0], powers[1]


# Powers for texts up to this many characters are computed once and kept (1 MB), read-only.
_KEPT_POWERS = 2**16
_KEPT = _power_table(_KEPT_POWERS)
for _kept in _KEPT:
    _kept.flags.writeable = False


def _powers(count: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_power_table`, from the kept powers where they reach far enough."""
    if count <= _KEPT_POWERS:
        return _KEPT[0][:count], _KEPT[1][:count]
    return _power_table(count)


class HashedCounts(NamedTuple):
    """A texts x ``shape[1]`` matrix of counts as the three arrays of its CSR form.

    Building a scipy matrix checks its arrays, which on one comment takes longer than hashing
    it: the scorer reads these arrays directly, and :meth:`matrix` makes one when it is needed.
    """

    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    shape: tuple[int, int]

    def matrix(self) -> sparse.csr_matrix:
        return sparse.csr_matrix((self.data, self.indices, self.indptr), shape=self.shape)


def _count(rows: np.ndarray, hashes: np.ndarray, n_texts: int, n_features: int) -> HashedCounts:
    """Counts of each hash in its row, reduced to ``n_features`` columns, columns in order."""
    if hashes.shape[0] == 0:
        return _no_counts(n_texts, n_features)
    # Sorted as 32-bit keys where a batch's keys fit (up to 2,047 texts of 2**20 columns):
    # sorting them is most of the counting, and 32-bit keys sort in two thirds of the time.
    key_type = np.int32 if (n_texts + 1) * n_features <= np.iinfo(np.int32).max else np.int64
    keys = rows.astype(key_type) * key_type(n_features)
    keys += (_mix(hashes) % np.uint64(n_features)).astype(key_type)
    keys.sort()
    first = np.empty(keys.shape[0], dtype=bool)  # where each distinct key begins
    first[0] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    begins = first.nonzero()[0]
    keys = keys[begins]
    counts = np.empty(begins.shape[0], dtype=np.int64)  # from each key's start to the next's
    np.subtract(begins[1:], begins[:-1], out=counts[:-1])
    counts[-1] = first.shape[0] - begins[-1]
    bounds = np.arange(n_texts + 1, dtype=key_type) * key_type(n_features)
    indptr = np.searchsorted(keys, bounds).astype(np.int32)
    return HashedCounts(
        counts.astype(np.float32),
        (keys % n_features).astype(np.int32),
        indptr,
        (n_texts, n_features),
    )


def _no_counts(n_texts: int, n_features: int) -> HashedCounts:
    return HashedCounts(
        np.zeros(0, dtype=np.float32),
        np.zeros(0, dtype=np.int32),
        np.zeros(n_texts + 1, dtype=np.int32),
        (n_texts, n_features),
    )


class _NgramHasher(TextTransformer):
    """A stateless transformer of a list of strings into hashed n-gram counts."""

    def transform(self, X: Iterable[str]) -> sparse.csr_matrix:
        texts = list(X)
        if self.preprocessor is not None:
            texts = [self.preprocessor(text) for text in texts]
        return self.hash_counts(texts).matrix()

    def hash_counts(self, prepared: Sequence[str]) -> HashedCounts:
        """What :meth:`transform` counts, for texts the preprocessor has already read."""
        raise NotImplementedError


class CharNgramHasher(_NgramHasher):
    """Counts of character n-grams within words, each word padded with a space either side
    (what ``HashingVectorizer(analyzer="char_wb")`` counts), hashed into ``n_features``."""

    def __init__(
        self,
        ngram_range: tuple[int, int] = (2, 5),
        n_features: int = 2**20,
        preprocessor: Callable[[str], str] | None = None,
    ) -> None:
        self.ngram_range = ngram_range
        self.n_features = n_features
        self.preprocessor = preprocessor

    def hash_counts(self, prepared: Sequence[str]) -> HashedCounts:
        low, high = self.ngram_range
        if low < 2:
            raise ValueError("character n-grams start at 2: a padded word's spaces are not counted")
        joined, starts = _joined(prepared, pad=True)
        codes = _code_points(joined)
        size = codes.shape[0]
        rows = np.zeros(size + 1, dtype=np.int64)  # a text left empty at the end starts at size
        rows[starts[1:]] = 1
        np.cumsum(rows, out=rows)
        ends = codes != 0  # an n-gram may begin or end with a space, never with a NUL
        breaks = np.zeros(size + 1, dtype=np.int64)
        np.cumsum((codes == _SPACE) | ~ends, out=breaks[1:])
        found_rows, found_hashes = [], []
        hashes = codes.copy()
        for n in range(2, high + 1):
            count = size - n + 1
            if count <= 0:
                break
            hashes = hashes[:count] * _BASE + codes[n - 1 :]  # Horner: c0*B^(n-1) + ... + c(n-1)
            if n < low:
                continue
            inside = (
                ends[:count]
                & ends[n - 1 :]
                & (breaks[n - 1 : n - 1 + count] == breaks[1 : 1 + count])
            )
            at = inside.nonzero()[0]
            found_rows.append(rows[at])
            found_hashes.append(hashes[at] + _times(n, _LENGTH))
        if not found_rows:  # every text shorter than the shortest n-gram
            return _no_counts(len(prepared), self.n_features)
        return _count(
            np.concatenate(found_rows),
            np.concatenate(found_hashes),
            len(prepared),
            self.n_features,
        )


class WordNgramHasher(_NgramHasher):
    """Counts of word n-grams, words being the matches of ``token_pattern`` (what
    ``HashingVectorizer(analyzer="word")`` counts), hashed into ``n_features``."""

    def __init__(
        self,
        token_pattern: str = r"(?u)\b\w\w+\b",
        ngram_range: tuple[int, int] = (1, 2),
        n_features: int = 2**18,
        preprocessor: Callable[[str], str] | None = None,
    ) -> None:
        self.token_pattern = token_pattern
        self.ngram_range = ngram_range
        self.n_features = n_features
        self.preprocessor = preprocessor

    def hash_counts(self, prepared: Sequence[str]) -> HashedCounts:
        pattern = re.compile(self.token_pattern)
        per_text = [pattern.findall(text) for text in prepared]
        tokens = list(itertools.chain.from_iterable(per_text))
        if not tokens:
            return _no_counts(len(prepared), self.n_features)
        rows = np.repeat(np.arange(len(prepared)), [len(found) for found in per_text])
        lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        end = lengths.cumsum()
        begin = end - lengths
        codes = _code_points("".join(tokens))
        powers, inverse = _powers(codes.shape[0] + 1)
        prefix = np.zeros(codes.shape[0] + 1, dtype=np.uint64)
        (codes * powers[:-1]).cumsum(out=prefix[1:])
        # c(b)*B^0 + ... + c(e-1)*B^(e-1-b): the prefix sums' difference, shifted back to B^0
        words = (prefix[end] - prefix[begin]) * inverse[begin] + lengths.astype(np.uint64) * _LENGTH
        low, high = self.ngram_range
        found_rows, found_hashes = [], []
        grams = words
        for n in range(1, high + 1):
            count = words.shape[0] - n + 1
            if count <= 0:
                break
            if n > 1:
                grams = _mix(grams[:count]) * _PAIR + words[n - 1 :]
            if n < low:
                continue
            same_text = rows[:count] == rows[n - 1 :]
            found_rows.append(rows[:count][same_text])
            found_hashes.append(grams[same_text])
        return _count(
            np.concatenate(found_rows),
            np.concatenate(found_hashes),
            len(prepared),
            self.n_features,
        )
