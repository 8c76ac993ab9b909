"""Disguise comment text the way abusers do, so evaluation can measure how well the model copes.

Evaluation builds a disguised copy of a test set with :func:`disguise_all`. Each chosen word gets
one kind of disguise that fits its script:

- ``leetspeak``: letters become digits or symbols (``1d10t``, ``sp@m``); Latin words only.
- ``separators``: a separator between every letter (``s p a m``, ``i-d-i-o-t``, ``s_p_a_m``).
- ``stretched``: a letter or two repeated (``iiidiooot``).
- ``zero_width``: invisible characters between letters.
- ``lookalike``: a few letters swapped for their look-alikes in the other script (``cаsinо``).
- ``masked``: one inner letter hidden (``id*ot``).

All but ``masked`` produce only forms that :func:`ml.normalise.normalise` turns back into the
original word; ``masked`` loses a letter on purpose. URLs (and the ``URL`` placeholder that
stands for one), e-mail addresses, @handles, numbers and words glued to digits or underscores
are never touched.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from ml.normalise import URL_PLACEHOLDER, fold_case

ALL_KINDS = ("leetspeak", "separators", "stretched", "zero_width", "lookalike", "masked")

# Only the substitutions normalise reads back: "1" stands for "i" there, never for "l".
_LEET = {"a": "4@", "b": "8", "e": "3", "i": "1!", "o": "0", "s": "5$", "t": "7"}
# normalise reads "!" as a letter only between two letters, and "@" opening a word as a handle.
_INNER_ONLY = frozenset("@!")
_SEPARATORS = (" ", ".", "-", "_")
_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060")
_MASKS = ("*", "#")
_LATIN_LOOKALIKES = dict(
    zip("aeopcxyktmhbijsAEOPCXYKTMHBIJS", "аеорсхуктмнвіјѕАЕОРСХУКТМНВІЈЅ", strict=True)
)
_CYRILLIC_LOOKALIKES = dict(
    zip("аеорсхуктмнвАЕОРСХУКТМНВ", "aeopcxyktmhbAEOPCXYKTMHB", strict=True)
)

_PROTECTED = re.compile(
    r"(?:https?|hxxps?)://\S+|www\.\S+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w@])@\w+"
    # A dataset's placeholder for a removed link, which normalise reads as a link.
    rf"|(?-i:{URL_PLACEHOLDER.pattern})"
    # Any top-level domain, so a sentence run on after a full stop ("bad.Next") is left alone
    # too: missing a word costs less than breaking a link.
    r"|\b(?:[\w-]+\.)+[^\W\d_]{2,}\b(?:/\S*)?",
    re.IGNORECASE,
)


class _Kind(NamedTuple):
    applies: Callable[[list[str]], bool]
    apply: Callable[[list[str], random.Random], str]


def _words(text: str) -> Iterator[tuple[int, int]]:
    """Yield the spans of runs of letters, each letter with its combining marks."""
    start = None
    for i, char in enumerate(text):
        category = unicodedata.category(char)
        if category[0] == "L" or (category[0] == "M" and start is not None):
            if start is None:
                start = i
        elif start is not None:
            yield start, i
            start = None
    if start is not None:
        yield start, len(text)


def _letters(word: str) -> list[str]:
    """Split a word into letters, each with the combining marks that follow it."""
    letters: list[str] = []
    for char in word:
        if letters and unicodedata.category(char)[0] == "M":
            letters[-1] += char
        else:
            letters.append(char)
    return letters


def _script(letters: list[str]) -> str | None:
    """Return the script of a word (``LATIN``, ``CYRILLIC``...), or None if it mixes scripts."""
    scripts = {unicodedata.name(letter[0], "").partition(" ")[0] for letter in letters}
    return scripts.pop() if len(scripts) == 1 else None


def _leet_positions(letters: list[str]) -> list[int]:
    if _script(letters) != "LATIN":
        return []
    return [i for i, letter in enumerate(letters) if letter.lower() in _LEET]


def _leet(letters: list[str], rng: random.Random) -> str:
    positions = _leet_positions(letters)
    # At least one letter stays: normalise leaves a "word" with no letters at all as it is.
    count = rng.randint(1, min(len(positions), len(letters) - 1))
    chosen = set(rng.sample(positions, count))
    out = list(letters)
    for i in sorted(chosen):
        between_letters = 0 < i < len(letters) - 1 and not {i - 1, i + 1} & chosen
        options = [s for s in _LEET[letters[i].lower()] if between_letters or s not in _INNER_ONLY]
        out[i] = rng.choice(options)
    return "".join(out)


def _one_char(letter: str) -> bool:
    """Whether normalise, after NFKC, sees the letter as one character (not "ﬁ", not "धो")."""
    return len(unicodedata.normalize("NFKC", letter)) == 1


def _separate(letters: list[str], rng: random.Random) -> str:
    return rng.choice(_SEPARATORS).join(letters)


def _stretch_positions(letters: list[str]) -> list[int]:
    # A letter next to its double would merge into one run that normalise squeezes to one letter.
    folded = [fold_case(unicodedata.normalize("NFKC", letter)) for letter in ["", *letters, ""]]
    return [
        i
        for i, letter in enumerate(letters)
        if _one_char(letter) and folded[i + 1] not in (folded[i], folded[i + 2])
    ]


def _stretch(letters: list[str], rng: random.Random) -> str:
    positions = _stretch_positions(letters)
    chosen = set(rng.sample(positions, rng.randint(1, min(2, len(positions)))))
    return "".join(
        letter * rng.randint(3, 5) if i in chosen else letter for i, letter in enumerate(letters)
    )


def _zero_width(letters: list[str], rng: random.Random) -> str:
    gaps = set(rng.sample(range(1, len(letters)), rng.randint(1, len(letters) - 1)))
    return "".join(
        (rng.choice(_ZERO_WIDTH) if i in gaps else "") + letter for i, letter in enumerate(letters)
    )


def _lookalike_plan(letters: list[str]) -> tuple[dict[str, str], list[int], int]:
    """Return the swap table, the swappable positions and how many letters may be swapped."""
    script = _script(letters)
    if script == "LATIN":
        table = _LATIN_LOOKALIKES
        own = sum(letter.isascii() for letter in letters)
    elif script == "CYRILLIC":
        table = _CYRILLIC_LOOKALIKES
        own = sum("\u0400" <= letter[0] <= "\u04ff" for letter in letters)
    else:
        return {}, [], 0
    positions = [i for i, letter in enumerate(letters) if letter in table]
    # normalise folds a word that mixes scripts into the script it is written in, and leaves a
    # word in one script alone: at least one letter stays in the word's own script.
    return table, positions, min(len(positions), own - 1)


def _lookalike(letters: list[str], rng: random.Random) -> str:
    table, positions, most = _lookalike_plan(letters)
    chosen = set(rng.sample(positions, rng.randint(1, most)))
    return "".join(table[letter] if i in chosen else letter for i, letter in enumerate(letters))


def _mask(letters: list[str], rng: random.Random) -> str:
    i = rng.randrange(1, len(letters) - 1)
    return "".join(letters[:i]) + rng.choice(_MASKS) + "".join(letters[i + 1 :])


_KINDS = {
    "leetspeak": _Kind(lambda letters: bool(_leet_positions(letters)), _leet),
    "separators": _Kind(lambda letters: all(map(_one_char, letters)), _separate),
    "stretched": _Kind(lambda letters: bool(_stretch_positions(letters)), _stretch),
    "zero_width": _Kind(lambda letters: True, _zero_width),
    "lookalike": _Kind(lambda letters: _lookalike_plan(letters)[2] > 0, _lookalike),
    "masked": _Kind(lambda letters: True, _mask),
}


def _standalone(text: str, start: int, end: int) -> bool:
    """Whether a run of letters is a word of its own, not part of a number or identifier."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not any(c.isalnum() or c == "_" for c in (before, after))


def perturb(
    text: str, rng: random.Random, rate: float = 0.5, kinds: Sequence[str] = ALL_KINDS
) -> str:
    """Return ``text`` with about ``rate`` of its words of three or more letters disguised.

    Each chosen word gets one of ``kinds``, picked at random among those that fit the word; a word
    none of them fits is left as it is. Only ``rng`` supplies randomness.
    """
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"rate must be between 0 and 1, not {rate!r}")
    unknown = sorted(set(kinds) - set(ALL_KINDS))
    if unknown or not kinds:
        raise ValueError(f"kinds must be a non-empty selection of {ALL_KINDS}, not {kinds!r}")
    protected = [match.span() for match in _PROTECTED.finditer(text)]
    pieces = []
    done = 0
    for start, end in _words(text):
        letters = _letters(text[start:end])
        if len(letters) < 3 or not _standalone(text, start, end):
            continue
        if any(start < p_end and p_start < end for p_start, p_end in protected):
            continue
        if rng.random() >= rate:
            continue
        fitting = [kind for kind in kinds if _KINDS[kind].applies(letters)]
        if not fitting:
            continue
        pieces += [text[done:start], _KINDS[rng.choice(fitting)].apply(letters, rng)]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def disguise_all(
    texts: Sequence[str],
    random_state: int = 0,
    rate: float = 0.5,
    kinds: Sequence[str] = ALL_KINDS,
) -> list[str]:
    """Return a disguised copy of each text, the same every time for a given ``random_state``."""
    # Seeding each text from its content, not its position, keeps its disguise the same when the
    # test set is reordered or grows.
    return [perturb(text, random.Random(f"{random_state}\0{text}"), rate, kinds) for text in texts]
