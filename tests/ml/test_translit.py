"""Russian typed in Latin letters: word lists spelt out, and texts written the common way."""

from __future__ import annotations

import re

import pytest

from ml.abuse_terms import abuse_counts
from ml.normalise import normalise
from ml.translit import latin_pattern, to_latin


def test_a_set_of_letters_is_spelt_out_letter_by_letter() -> None:
    pattern = re.compile(latin_pattern("г[ао]ндон"))  # type: ignore[arg-type]

    assert pattern.fullmatch("gandon") and pattern.fullmatch("gondon")


@pytest.mark.parametrize("typed", ["hren", "khren", "xren"])
def test_a_letter_with_several_spellings_matches_each(typed: str) -> None:
    assert re.fullmatch(latin_pattern("хрен"), typed)  # type: ignore[arg-type]


def test_soft_and_hard_signs_are_not_typed() -> None:
    assert re.fullmatch(latin_pattern("мразь"), "mraz")  # type: ignore[arg-type]


def test_a_pattern_without_russian_letters_has_no_latin_spelling() -> None:
    assert latin_pattern(r"idiots?\b") is None


def test_only_sets_of_russian_letters_can_be_spelt_out() -> None:
    with pytest.raises(ValueError, match="only sets of Russian letters"):
        latin_pattern("ду[a-z]ак")


def test_a_text_is_written_the_common_way_with_its_case_kept() -> None:
    assert to_latin("Ты жалкий урод, John!") == "Ty zhalkiy urod, John!"


def test_soft_and_hard_signs_are_dropped_from_a_text() -> None:
    assert to_latin("мразь, подъезд") == "mraz, podezd"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ty zhalkiy urod", "insult"),
        ("zatknis uzhe, tupoy", "insult"),
        ("chtob vy vse sdohli", "violence"),
        ("idi nahuy", "profanity"),
        ("ty debil", "insult"),
    ],
)
def test_russian_abuse_typed_in_latin_letters_counts_as_its_kind(text: str, kind: str) -> None:
    assert abuse_counts(normalise(text))[kind] >= 1


@pytest.mark.parametrize(
    "text",
    [
        "Bu nasıl oldu, anlamadım",  # Turkish "how", not "насил(ие)"
        "Otobüs durağında bekliyorum",  # Turkish "stop", not "дурак"
        "Dəbilqə taxmaq məcburidir",  # Azerbaijani "helmet", not "дебил"
        "I trust the editors on this",  # not "трус"
        "Vali açıklama yaptı",  # Turkish "governor", not "вали"
    ],
)
def test_words_of_other_languages_spelt_like_russian_abuse_count_for_nothing(text: str) -> None:
    assert not any(abuse_counts(normalise(text)).values())
