"""Russian typed in Latin letters ("translit"): "ty durak", "zhalkie lyudi", "idi nahuy".

Readers without a Cyrillic keyboard write Russian this way, each letter spelt as it sounds, with
no single standard: ``х`` is "h", "kh" or "x", ``ж`` is "zh" or "j". :func:`latin_pattern` turns a
pattern over Russian text into one over its common Latin spellings, so that a word list written
in Cyrillic also finds its words typed in Latin; :func:`to_latin` writes a text the most common
way, to build a Latin copy of a Russian test set.
"""

from __future__ import annotations

import re

# Each letter's spellings, the most common first. Normalised text writes ё as е and й as и, so
# their spellings are also those letters'.
SPELLINGS: dict[str, tuple[str, ...]] = {
    "а": ("a",),
    "б": ("b",),
    "в": ("v",),
    "г": ("g",),
    "д": ("d",),
    "е": ("e", "ye", "je", "yo"),
    "ё": ("yo", "e"),
    "ж": ("zh", "j", "z"),
    "з": ("z",),
    "и": ("i", "y", "j"),
    "й": ("y", "i", "j"),
    "к": ("k",),
    "л": ("l",),
    "м": ("m",),
    "н": ("n",),
    "о": ("o",),
    "п": ("p",),
    "р": ("r",),
    "с": ("s",),
    "т": ("t",),
    "у": ("u",),
    "ф": ("f",),
    "х": ("h", "kh", "x"),
    "ц": ("ts", "c", "tz"),
    "ч": ("ch",),
    "ш": ("sh",),
    "щ": ("sch", "shch", "sh"),
    "ъ": ("",),
    "ы": ("y", "i"),
    "ь": ("",),
    "э": ("e",),
    "ю": ("yu", "ju", "iu"),
    "я": ("ya", "ja", "ia"),
}

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _alternatives(spellings: list[str]) -> str:
    unique = list(dict.fromkeys(spellings))
    if len(unique) == 1 and len(unique[0]) == 1:
        return unique[0]
    return "(?:" + "|".join(unique) + ")"


def latin_pattern(pattern: str) -> str | None:
    """``pattern`` (a regular expression over lower-case Russian) over the Latin spellings of
    its letters, or None if it holds no Russian letter: ``г[ао]ндон`` becomes
    ``g(?:a|o)ndon``. Character sets may hold only Russian letters."""
    if not _CYRILLIC.search(pattern):
        return None
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if char == "[":
            end = pattern.index("]", index)
            letters = pattern[index + 1 : end]
            if not all(letter in SPELLINGS for letter in letters):
                raise ValueError(f"{pattern!r}: only sets of Russian letters can be spelt out")
            out.append(_alternatives([s for letter in letters for s in SPELLINGS[letter]]))
            index = end + 1
            continue
        out.append(_alternatives(list(SPELLINGS[char])) if char in SPELLINGS else char)
        index += 1
    return "".join(out)


def to_latin(text: str) -> str:
    """``text`` with every Russian letter spelt the most common Latin way, case kept."""
    out = []
    for char in text:
        spelling = SPELLINGS.get(char.lower())
        if spelling is None:
            out.append(char)
        elif char.islower():
            out.append(spelling[0])
        else:
            out.append(spelling[0].capitalize())
    return "".join(out)
