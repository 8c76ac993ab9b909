"""One regular expression for many alternatives that each open a word with a letter."""

from __future__ import annotations

import re
from collections.abc import Iterable


def at_word_start(alternatives: Iterable[str]) -> re.Pattern[str]:
    r"""A pattern matching any of ``alternatives`` (each opening with a literal letter) at the
    start of a word: what ``(?<!\w)(?:a|b|...)`` matches, since at any one place only the
    alternatives opening with its letter can match, and they keep their order.

    As fast as the engine allows: it tests for a word's start at each character first, which
    inside a word fails at once, and at a word's start tests one letter per branch (a branch is
    a first letter and the rests of its alternatives) instead of trying each of hundreds of
    alternatives in turn.
    """
    rests: dict[str, list[str]] = {}
    for alternative in alternatives:
        rests.setdefault(alternative[0], []).append(alternative[1:])
    branches = "|".join(f"{re.escape(first)}(?:{'|'.join(r)})" for first, r in rests.items())
    return re.compile(f"(?<!\\w)(?:{branches})")
