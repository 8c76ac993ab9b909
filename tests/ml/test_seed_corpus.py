"""The seed corpus the project ships: enough of every class in every language."""

from __future__ import annotations

from collections import Counter

from ml.corpus import deduplicate, load_seed_corpus


def test_seed_corpus_has_300_per_class_and_every_language_in_every_class() -> None:
    examples = deduplicate(load_seed_corpus())
    per_class = Counter(e.label for e in examples)
    per_pair = Counter((e.label, e.lang) for e in examples)

    assert all(per_class[label] >= 300 for label in ("clean", "spam", "toxic"))
    assert all(
        per_pair[(label, lang)] >= 50
        for label in ("clean", "spam", "toxic")
        for lang in ("az", "ru", "en", "tr")
    )


def test_seed_corpus_has_disguised_abuse_and_hard_clean_comments() -> None:
    tags = Counter((e.label, tag) for e in load_seed_corpus() for tag in e.tags)

    assert tags[("spam", "disguised")] >= 50
    assert tags[("toxic", "disguised")] >= 50
    assert tags[("clean", "critical")] >= 100
    assert tags[("clean", "link")] >= 40
