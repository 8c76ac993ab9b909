"""Normalisation undoes the disguises abusers use, case by case, and keeps ordinary text."""

from __future__ import annotations

import pytest

from ml.normalise import normalise

CASES = {
    "leetspeak inside a word": ("you 1d10t", "you idiot"),
    "spaced letters": ("s p a m", "spam"),
    "hyphenated letters": ("i-d-i-o-t", "idiot"),
    "dotted letters": ("s.p.a.m", "spam"),
    "words spread out one after another": ("y_o_u m.o.r.e", "you more"),
    "a spread word stops where the next word's spread starts": ("y o u a.r.e", "you are"),
    "a spread word keeps its own separator": ("t h e r-i-g-h-t", "the right"),
    "punctuation after a spread word": ("i-d-i-o-t.You", "idiot.you"),
    "stretched letters": ("iiiidiooooot", "idiot"),
    "zero-width characters": ("id\u200biot", "idiot"),
    "RTL override removed": ("\u202eabc", "abc"),
    "Cyrillic look-alikes in a Latin word": ("cаsinо", "casino"),
    "Latin look-alikes in a Cyrillic word": ("кaзинo", "казино"),
    "mostly Cyrillic look-alikes in a word a Latin letter shows is Latin": ("саѕіnо", "casino"),
    "mostly Latin look-alikes in a word a Cyrillic letter shows is Cyrillic": ("xyй", "хуи"),
    "a word of look-alikes only takes the script of the text": (
        "ѕікіm sənin fikrinə də",
        "sikim senin fikrine de",
    ),
    "a word of look-alikes only in a Russian text": ("ах ты сyкa", "ах ты сука"),
    "a word in one script alone is left in it": ("top ok в Москве", "top ok в москве"),
    "a word of Cyrillic look-alikes Russian never writes, in a Latin text": (
        "you are an іԁіот",
        "you are an idiot",
    ),
    "a Ukrainian word in a Ukrainian text is left in Cyrillic": ("це іпотека", "це іпотека"),
    "Turkish dotted capital I": ("İSTANBUL", "istanbul"),
    "dotless i": ("ılık", "ilik"),
    "Azerbaijani schwa folded": ("şəhər", "seher"),
    "full-width letters": ("ｂｏｎｕｓ", "bonus"),
    "URL keeps its domain": ("see https://www.bit.ly/x?y=1", "see xurl xdombitly"),
    "bare domain": ("1xbet.com now", "xurl xdomixbetcom now"),
    "e-mail": ("write to a.b@mail.ru", "write to xemail"),
    "phone number": ("call +994 50 123 45 67", "call xphone"),
    "handle": ("dm @bonus_king", "dm xhandle"),
    "full-width e-mail address": ("write to ａ＠ｍａｉｌ.ｒｕ", "write to xemail"),
    "full-width phone number": ("call ＋９９４ ５０ １２３ ４５ ６７", "call xphone"),
    "full-width link": ("ＷＷＷ.ＢＥＴ.ＣＯＭ/x", "xurl xdombetcom"),
    "exclamation marks are not letters": ("wow!!!", "wow"),
    "numbers stay numbers": ("inflation hit 12.5% in 2026", "inflation hit 12.5% in 2026"),
    "ё folds to е": ("всё", "все"),
    "leetspeak inside a Cyrillic word": ("м0шенник", "мошенник"),
    "exclamation mark between leet digits": ("1d!0t", "idiot"),
    "Cyrillic supplement look-alike": ("iԁiot", "idiot"),
    "retweet marker dropped": ("RT @someone you fool", "xhandle you fool"),
    "URL placeholder read as a link": ("see URL now", "see xurl now"),
    "zero-width character inside a URL placeholder": ("see U\u200bRL now", "see xurl now"),
    "zero-width character inside a retweet marker": ("R\u200bT @someone hi", "xhandle hi"),
    "a run of mentions counts as one": ("@USER @USER @USER hi", "xhandle hi"),
}


@pytest.mark.parametrize(("raw", "expected"), CASES.values(), ids=CASES.keys())
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_normalise_leaves_its_input_unchanged() -> None:
    text = "Ｓ p a m\u200b"
    normalise(text)
    assert text == "Ｓ p a m\u200b"
