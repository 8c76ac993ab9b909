"""Text normalisation that undoes the disguises abusers and spammers use.

The submitted text is never changed: these functions return a new string for the model only.
Steps, in order:

0. Zero-width, bidirectional and other format characters are removed, first, so that none
   can break up what the later steps look for.
1. Artefacts of scraped social-media text that comments never carry are dropped: a retweet's
   ``RT @user:`` marker and a literal ``URL`` placeholder (read as a link); runs of mentions
   count as one.
2. Unicode NFKC folds full-width, ligature and other compatibility forms.
3. URLs, e-mail addresses, phone numbers and @handles become tokens that keep their spam value
   (``xurl`` plus ``xdom<domain>``, ``xemail``, ``xphone``, ``xhandle``).
4. Case is folded; Turkish and Azerbaijani ``İ``/``I``/``ı`` all fold to ``i`` so that text typed
   with or without the dotted letters matches.
5. In a word that mixes Cyrillic and Latin letters, look-alike letters are folded into the
   script the word is written in (``cаsinо`` with Cyrillic ``а``/``о`` becomes ``casino``):
   the script of its letters that have no look-alike (``s``, ``n``; ``й``, ``ш``), or, when
   every letter has one (``ѕікіm`` in an Azerbaijani comment), the script of the text, told by
   its letters that have none. Cyrillic ``і``, ``ј``, ``ѕ`` and ``ԁ``, which Russian does not
   use, count as Latin. A word in one script alone is left as it is (many Russian words are
   made only of letters that look Latin), unless it is all Cyrillic look-alikes with one of
   those four among them in a text written in Latin letters (``іԁіот`` in an English comment).
6. Leetspeak digits and symbols inside words become letters (``1d10t`` becomes ``idiot``).
7. Letters spread out by separators are joined (``s p a m``, ``i-d-i-o-t``, ``s.p.a.m``), one
   word at a time: a word is spread with the same separator between each of its letters.
8. Letters repeated three times or more are squeezed to one (``iiiidiooot`` becomes ``idiot``).
9. Latin diacritics are folded (``ə``→``e``, ``ş``→``s``, ``ğ``→``g``), as are ``ё``→``е``, so
   text typed on a phone without them matches.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_RETWEET = re.compile(r"\bRT\b:?\s*(?=@\w)")
URL_PLACEHOLDER = re.compile(r"(?<![\w@])URL\b")
_HANDLE_RUN = re.compile(r"\bxhandle(?:\s+xhandle\b)+")

_FORMAT_CHARS = re.compile(
    r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    r"\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff]"
)

_URL = re.compile(
    r"(?:(?:https?|hxxps?)://|www\.)[^\s<>\"']+"
    r"|\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"(?:com|net|org|info|biz|io|me|ly|co|cc|tv|xyz|top|site|online|club|bet|casino|win|vip|pro"
    r"|ru|az|tr|uk|ge|am|kz|uz|ua|by|de|eu|us)\b(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_HANDLE = re.compile(r"(?<![\w@])@\w{2,}")
PHONE = re.compile(r"(?<![\w+])\+?\d[\d\s().-]{7,}\d(?!\w)")

_CYRILLIC_LOOKALIKES = "аеорсхуктмнвіјѕԁ"
_LATIN_LOOKALIKES = "aeopcxyktmhb"
_CYRILLIC_TO_LATIN = str.maketrans(_CYRILLIC_LOOKALIKES, "aeopcxyktmhbijsd")
# Letters that show which script a word is in: a letter with no look-alike in the other script
# (Latin "s", "n", "ö"; Cyrillic "й", "ш"), and the Cyrillic look-alikes Russian never uses
# ("і", "ј", "ѕ", "ԁ"), which stand in for Latin letters only.
_LATIN_ONLY_LOOKALIKES = "іјѕԁ"
_SHOWS_LATIN = re.compile(rf"[^\W\d_{_LATIN_LOOKALIKES}\u0400-\u052f]|[{_LATIN_ONLY_LOOKALIKES}]")
_SHOWS_CYRILLIC = re.compile(rf"(?![{_CYRILLIC_LOOKALIKES}])[\u0400-\u052f]")
_NON_CYRILLIC_LETTER = re.compile(r"[^\W\d_\u0400-\u052f]")
_LATIN_TO_CYRILLIC = str.maketrans(_LATIN_LOOKALIKES, "аеорсхуктмнв")
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s"}
)
# "!" and "|" stand for letters only between letters ("id!ot"), never at a word's end ("now!").
_INNER_LEET = re.compile(r"(?<=[^\W\d_])[!|](?=[^\W\d_])")
# Folded by one replace per letter: str.translate looks up every character of the text, which
# on a long comment takes fifty times as long. No letter folds into another that is folded.
_DIACRITICS = {
    "ə": "e",
    "ş": "s",
    "ç": "c",
    "ğ": "g",
    "ö": "o",
    "ü": "u",
    "ı": "i",
    "â": "a",
    "î": "i",
    "û": "u",
    "ё": "е",
    "й": "и",
}

# Words worth a closer look: those holding a leet character and, in a text that mixes scripts,
# those that mix Cyrillic and Latin letters themselves. Every other word folds to itself, so
# most words of most texts pass through untouched (calling the folding for every word of a
# long Russian comment with one Latin word in it cost a millisecond).
_LEET_CHARACTER = re.compile(r"[\d@$!|]")
_LEET_WORD = re.compile(rf"(?<![\w@$!|*])[\w@$!|*]*?{_LEET_CHARACTER.pattern}[\w@$!|*]*")
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u052f]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_MIXED = r"[\u0400-\u052f][\w@$!|*]*?[A-Za-z]|[A-Za-z][\w@$!|*]*?[\u0400-\u052f]"
_FOLDABLE_WORD = re.compile(
    rf"(?<![\w@$!|*])[\w@$!|*]*?(?:{_LEET_CHARACTER.pattern}|{_MIXED}|[{_LATIN_ONLY_LOOKALIKES}])"
    r"[\w@$!|*]*"
)
# Three or more letters with the same separator between each: a disguised word is spread out
# one way throughout, so "y_o_u m.o.r.e" is two words, not "youmore". A run stops short of a
# letter that opens the next word's own spread ("y o u a.r.e" is "you are").
SPREAD = re.compile(
    r"(?<![\w])[^\W\d_](?P<sep>[\s.\-_*·,]{1,2})[^\W\d_](?:(?P=sep)[^\W\d_])+"
    r"(?![\w])(?!(?P<next>[.\-_*])[^\W\d_](?P=next)[^\W\d_])"
)
_STRETCH = re.compile(r"(\w)\1{2,}")
# What a link (as _URL reads one) and a phone number need: without them, the steps that look
# for them are skipped, as leetspeak is without a leet character. Besides "://", a link needs
# a dot after a letter or digit and before a letter, or after "www"; the expression opens with
# the dot, which the engine finds far quicker than it tries an expression at every character.
_URL_DOT = re.compile(r"\.(?:(?<=\w\.)[a-z]|(?<=www\.))", re.IGNORECASE)
_DIGIT = re.compile(r"\d")


def _domain_token(url: str) -> str:
    host = re.sub(r"^(?:(?:https?|hxxps?)://)?(?:www\.)?", "", url.lower()).split("/")[0]
    host = host.split(":")[0]
    return " xurl xdom" + re.sub(r"[^a-z0-9]", "", host) + " "


def _fold_mixed_script(word: str, text_script: str) -> str:
    """``word`` with its look-alike letters folded into the script it is written in."""
    if word.isascii():
        return word
    cyrillic = len(_CYRILLIC_LETTER.findall(word))
    if not cyrillic:
        return word
    latin = len(_NON_CYRILLIC_LETTER.findall(word))
    shows_latin = _SHOWS_LATIN.search(word) is not None
    shows_cyrillic = _SHOWS_CYRILLIC.search(word) is not None
    if not latin:
        # Every letter a Cyrillic look-alike, one of them a letter Russian never uses ("іԁіот"),
        # in a Latin text: a Latin word spelt in Cyrillic throughout. Any other word in one
        # script is left as it is.
        if text_script == "latin" and shows_latin and not shows_cyrillic:
            return word.translate(_CYRILLIC_TO_LATIN)
        return word
    if shows_latin and shows_cyrillic:  # truly both: the script of most of its letters
        script = "cyrillic" if cyrillic >= latin else "latin"
    elif shows_latin or shows_cyrillic:
        script = "latin" if shows_latin else "cyrillic"
    else:
        script = text_script
    return word.translate(_LATIN_TO_CYRILLIC if script == "cyrillic" else _CYRILLIC_TO_LATIN)


def _fold_leet(word: str) -> str:
    if not any(c.isalpha() for c in word) or word.isalpha():
        return word
    word = word.translate(_LEET)
    return _INNER_LEET.sub(lambda m: "i" if m.group(0) == "!" else "l", word).rstrip("!|")


def _word_folder(text_script: str) -> Callable[[re.Match[str]], str]:
    def fold_word(match: re.Match[str]) -> str:
        # Leet first: its Latin letters inside a Cyrillic word are then folded as look-alikes.
        return _fold_mixed_script(_fold_leet(match.group(0)), text_script)

    return fold_word


def _text_script(text: str) -> str:
    """``latin`` or ``cyrillic``: the script of most of the text's letters that show theirs
    (a disguise swaps only letters that have a look-alike), or of most of its letters."""
    latin = len(_SHOWS_LATIN.findall(text))
    cyrillic = len(_SHOWS_CYRILLIC.findall(text))
    if latin == cyrillic:
        latin = len(_NON_CYRILLIC_LETTER.findall(text))
        cyrillic = len(_CYRILLIC_LETTER.findall(text))
    return "cyrillic" if cyrillic > latin else "latin"


def _join_spread(match: re.Match[str]) -> str:
    return re.sub(r"[\s.\-_*·,]", "", match.group(0))


def fold_case(text: str) -> str:
    """Lower-case text so that Turkish dotted and dotless i match their plain forms."""
    return text.replace("İ", "i").replace("I", "i").lower().replace("i̇", "i").replace("ı", "i")


def normalise(text: str) -> str:
    """Return the form of ``text`` the model reads (see the module docstring for the steps)."""
    # Each step's expression scans the whole text; a cheap test first skips the steps that
    # cannot match, which most comments (no link, no address, no digit) allow.
    text = _FORMAT_CHARS.sub("", text)
    if "RT" in text:
        text = _RETWEET.sub(" ", text)
    if "URL" in text:
        text = URL_PLACEHOLDER.sub(" xurl ", text)
    text = unicodedata.normalize("NFKC", text)
    at_sign = "@" in text
    if at_sign:
        text = _EMAIL.sub(" xemail ", text)
    if "://" in text or _URL_DOT.search(text):
        text = _URL.sub(lambda m: _domain_token(m.group(0)), text)
    if _DIGIT.search(text):
        text = PHONE.sub(" xphone ", text)
    if at_sign:
        text = _HANDLE.sub(" xhandle ", text)
    text = fold_case(text)
    has_cyrillic = _CYRILLIC_LETTER.search(text) is not None
    if has_cyrillic and _ASCII_LETTER.search(text) is not None:
        text = _FOLDABLE_WORD.sub(_word_folder(_text_script(text)), text)
    elif _LEET_CHARACTER.search(text):
        text = _LEET_WORD.sub(_word_folder("cyrillic" if has_cyrillic else "latin"), text)
    text = SPREAD.sub(_join_spread, text)
    text = _STRETCH.sub(r"\1", text)
    if not text.isascii():
        for letter, plain in _DIACRITICS.items():
            text = text.replace(letter, plain)
    text = " ".join(text.split())
    return _HANDLE_RUN.sub("xhandle", text) if "xhandle xhandle" in text else text
