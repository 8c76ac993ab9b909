"""The perturbation generator disguises words as abusers do, and normalise sees through it."""

from __future__ import annotations

import random
import re

import pytest

from ml.normalise import normalise
from ml.perturb import ALL_KINDS, disguise_all, perturb

SEEDS = range(40)
ZERO_WIDTH = "\u200b\u200c\u200d\u2060"
# Lower-case words of letters in the four languages, plus capitals and Turkish dotted İ.
WORDS = (
    "idiot",
    "spam",
    "casino",
    "bonus",
    "мошенник",
    "дурак",
    "казино",
    "salak",
    "alçaq",
    "şərəfsiz",
    "ağılsız",
    "köpek",
    "Idiot",
    "İSTANBUL",
    "МОШЕННИК",
)
UNDONE_BY_NORMALISE = tuple(kind for kind in ALL_KINDS if kind != "masked")
SENTENCE = "You are an idiot, this casino is a scam. Ты мошенник! Sən alçaqsan, salak herif."


def disguised(word: str, kind: str, seed: int = 0) -> str:
    return perturb(word, random.Random(seed), rate=1.0, kinds=(kind,))


def test_disguise_all_is_deterministic_for_a_random_state() -> None:
    texts = [SENTENCE, "another comment about the casino bonus", "и ещё один комментарий"]
    assert disguise_all(texts, random_state=7) == disguise_all(texts, random_state=7)


def test_disguise_all_differs_between_random_states() -> None:
    assert disguise_all([SENTENCE], random_state=1) != disguise_all([SENTENCE], random_state=2)


def test_disguise_all_gives_a_text_the_same_disguise_wherever_it_sits() -> None:
    alone = disguise_all([SENTENCE], random_state=3, rate=1.0)
    among_others = disguise_all(["first comment here", SENTENCE], random_state=3, rate=1.0)
    assert among_others[1] == alone[0]


def test_perturb_is_a_function_of_text_and_rng_only() -> None:
    random.seed(99)
    state = random.getstate()
    first = perturb(SENTENCE, random.Random(5), rate=1.0)
    assert perturb(SENTENCE, random.Random(5), rate=1.0) == first
    assert random.getstate() == state


def test_rate_zero_leaves_text_unchanged() -> None:
    assert perturb(SENTENCE, random.Random(0), rate=0.0) == SENTENCE


def test_rate_one_disguises_every_word_of_three_or_more_letters() -> None:
    text = "idiot casino мошенник alçaq salak spam"
    out = perturb(text, random.Random(0), rate=1.0, kinds=("masked",))
    assert all(len(re.findall("[*#]", word)) == 1 for word in out.split())


def test_words_shorter_than_three_letters_are_never_disguised() -> None:
    text = "ok so we go to az it be"
    assert perturb(text, random.Random(0), rate=1.0) == text


def test_rate_disguises_about_that_share_of_words() -> None:
    words = ["casino"] * 2000
    out = perturb(" ".join(words), random.Random(0), rate=0.3, kinds=("masked",)).split()
    share = sum(word != "casino" for word in out) / len(words)
    assert 0.27 < share < 0.33


def test_leetspeak_swaps_letters_for_digits_or_symbols() -> None:
    out = disguised("idiot", "leetspeak")
    assert out != "idiot"
    assert len(out) == len("idiot")
    for original, new in zip("idiot", out, strict=True):
        assert new == original or new in {"i": "1!", "o": "0", "t": "7"}.get(original, "")


def test_leetspeak_leaves_a_letter_in_every_word() -> None:
    assert all(any(c.isalpha() for c in disguised("bota", "leetspeak", seed)) for seed in SEEDS)


def test_leetspeak_never_opens_a_word_with_at_sign() -> None:
    assert not any(disguised("asset", "leetspeak", seed).startswith("@") for seed in SEEDS)


def test_leetspeak_leaves_cyrillic_words_alone() -> None:
    assert disguised("мошенник", "leetspeak") == "мошенник"


def test_separators_go_between_every_letter() -> None:
    out = disguised("spam", "separators")
    assert re.fullmatch(r"s([ ._-])p\1a\1m", out)


def test_stretched_repeats_a_letter_three_or_more_times() -> None:
    out = disguised("idiot", "stretched")
    assert re.fullmatch(r"i+d+i+o+t+", out)
    assert re.search(r"(\w)\1\1", out)


def test_stretched_never_lengthens_a_double_letter() -> None:
    assert all("ннн" not in disguised("мошенник", "stretched", seed) for seed in SEEDS)


def test_zero_width_inserts_invisible_characters_inside_the_word() -> None:
    out = disguised("casino", "zero_width")
    assert out != "casino"
    assert out[0] == "c" and out[-1] == "o"
    assert re.sub(f"[{ZERO_WIDTH}]", "", out) == "casino"


def test_lookalike_puts_cyrillic_letters_in_a_latin_word() -> None:
    out = disguised("casino", "lookalike")
    assert out != "casino"
    assert all(c.isascii() or "\u0400" <= c <= "\u04ff" for c in out)
    assert normalise(out) == "casino"


def test_lookalike_puts_latin_letters_in_a_cyrillic_word() -> None:
    out = disguised("мошенник", "lookalike")
    assert any(c.isascii() for c in out)
    assert normalise(out) == "мошенник"


def test_lookalike_keeps_a_letter_in_the_word_s_own_script() -> None:
    # "tax" has only look-alike letters: all three swapped would be a Cyrillic word.
    for seed in SEEDS:
        out = disguised("tax", "lookalike", seed)
        assert any(c.isascii() for c in out)
        assert normalise(f"{out} rates rose again") == "tax rates rose again"


def test_lookalike_may_swap_most_letters_of_a_word() -> None:
    swapped = [disguised("casino", "lookalike", seed) for seed in range(40)]
    assert any(sum(not c.isascii() for c in out) > 3 for out in swapped)
    assert {normalise(out) for out in swapped} == {"casino"}


def test_masked_hides_one_inner_letter() -> None:
    out = disguised("idiot", "masked")
    differences = [i for i, (a, b) in enumerate(zip("idiot", out, strict=True)) if a != b]
    assert len(differences) == 1
    assert 0 < differences[0] < len("idiot") - 1
    assert out[differences[0]] in "*#"


def test_urls_emails_handles_and_numbers_are_untouched() -> None:
    kept = [
        "https://casino-bonus.example/win?ref=spam",
        "www.casinobonus.az/promo",
        "casino-bonus.com",
        "winner.casino@mail.ru",
        "@casino_king",
        "+994 50 123 45 67",
        "2026",
        "12.5%",
        "covid19",
        "user_name",
        "URL",
    ]
    text = " idiot ".join(kept)
    for seed in SEEDS:
        out = perturb(text, random.Random(seed), rate=1.0)
        assert out.count("idiot") < text.count("idiot")
        for piece in kept:
            assert piece in out


@pytest.mark.parametrize("kind", UNDONE_BY_NORMALISE)
@pytest.mark.parametrize("word", WORDS)
def test_normalise_undoes_every_disguise_but_masking(word: str, kind: str) -> None:
    for seed in SEEDS:
        assert normalise(disguised(word, kind, seed)) == normalise(word)


# Words spaced out with spaces next to each other run together ("s p a m i d i o t"), so
# separators in running text are checked apart, below.
@pytest.mark.parametrize("kind", [k for k in UNDONE_BY_NORMALISE if k != "separators"])
def test_normalise_undoes_disguises_in_running_text(kind: str) -> None:
    for seed in SEEDS:
        out = perturb(SENTENCE, random.Random(seed), rate=1.0, kinds=(kind,))
        assert normalise(out) == normalise(SENTENCE)


def test_normalise_undoes_separators_in_running_text_when_none_is_a_space() -> None:
    for seed in SEEDS:
        rng = random.Random(seed)
        out = perturb(SENTENCE, rng, rate=1.0, kinds=("separators",))
        # Spread with spaces, a word adds spaces: draw again until none is.
        while out.count(" ") != SENTENCE.count(" "):
            out = perturb(SENTENCE, rng, rate=1.0, kinds=("separators",))
        assert normalise(out) == normalise(SENTENCE), out


def test_text_in_any_script_survives_perturbation() -> None:
    text = "Αυτός απατεώνας 😡 محتال كبير यह धोखेबाज़ 这个骗子 Ｓｐａｍ ﬁnancial ok 👍🏽"
    for kind in UNDONE_BY_NORMALISE:
        for seed in SEEDS:
            out = perturb(text, random.Random(seed), rate=1.0, kinds=(kind,))
            assert "😡" in out and "👍🏽" in out
            if kind != "separators":
                assert normalise(out) == normalise(text)


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kinds"):
        perturb("idiot", random.Random(0), kinds=("rot13",))


def test_rate_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(ValueError, match="rate"):
        perturb("idiot", random.Random(0), rate=1.5)
