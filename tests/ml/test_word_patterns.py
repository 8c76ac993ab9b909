"""One pattern for many word openings matches what the plain alternation matches."""

from __future__ import annotations

import re

from ml.word_patterns import at_word_start

ALTERNATIVES = ["idiot", "id(?:i|y)ot", "ignorant", "moron", "mor\\b", "урод", "ур(?:а|о)н"]
TEXTS = [
    "you idiot, you moron",
    "an idyot and an ignorant mor",
    "morons are not idiotic",
    "ты урод и уран",
    "stupidiot kidiot",
    "",
]


def test_it_finds_what_the_plain_alternation_finds_at_word_starts() -> None:
    plain = re.compile(r"(?<!\w)(?:" + "|".join(ALTERNATIVES) + ")")
    grouped = at_word_start(ALTERNATIVES)

    for text in TEXTS:
        found = [(m.span(), m.group(0)) for m in grouped.finditer(text)]
        assert found == [(m.span(), m.group(0)) for m in plain.finditer(text)]


def test_it_does_not_match_inside_a_word() -> None:
    assert at_word_start(["idiot"]).search("stupidiot") is None


def test_an_earlier_alternative_wins_at_the_same_place() -> None:
    assert at_word_start(["mor", "moron"]).match("moron").group(0) == "mor"
