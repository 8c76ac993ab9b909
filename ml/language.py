"""Language identification restricted to the languages a site publishes in."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from ml.normalise import _FORMAT_CHARS


@lru_cache(maxsize=8)
def _identifier(languages: tuple[str, ...]) -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(languages))
    return identifier


def detect_language(text: str, languages: Sequence[str]) -> str:
    """The most likely of ``languages`` for ``text`` (ISO 639-1)."""
    cleaned = _FORMAT_CHARS.sub("", text)
    language, _ = _identifier(tuple(languages)).classify(cleaned)
    return str(language)
