"""Training snapshots: merging sources, freezing deterministically, thawing, erasing texts."""

from __future__ import annotations

import gzip
import json
import random

from ml.corpus import Example
from ml.snapshot import counts_of, freeze, merge, text_key, thaw, without_texts


def example(
    text: str,
    label: str,
    source: str = "seed",
    tasks: tuple[str, ...] = (),
    lang: str = "en",
    group: str = "",
    tags: tuple[str, ...] = (),
) -> Example:
    return Example(
        text, label, lang, source, group, tags=(*tags, *(f"task:{task}" for task in tasks))
    )


def moderators(text: str, label: str, tasks: tuple[str, ...], site: str = "daily") -> Example:
    return example(text, label, f"moderators:{site}", tasks, tags=("moderator:ana",))


def by_source(examples: list[Example]) -> dict[str, list[Example]]:
    grouped: dict[str, list[Example]] = {}
    for e in examples:
        grouped.setdefault(e.source, []).append(e)
    return grouped


def mixed_examples() -> list[Example]:
    return [
        example("Buy cheap watches at shop dot example", "spam", "sms", ("spam",), group="g1"),
        example("You are a complete idiot", "toxic", "jigsaw", ("toxicity",)),
        example("Thanks for the clear article", "clean", "seed"),
        example("Bu məqalə çox faydalıdır", "clean", "seed", lang="az"),
        example("Купите дешёвые часы", "spam", "seed", lang="ru"),
        moderators("The mayor should resign", "clean", ("spam", "toxicity")),
    ]


# --- merge ----------------------------------------------------------------------------------


def test_a_moderators_label_replaces_an_imported_label_of_the_same_folded_text_and_task() -> None:
    imported = example("You are a complete IDIOT", "toxic", "jigsaw", ("toxicity",))
    decided = moderators("  you are a   complete idiot ", "clean", ("spam", "toxicity"))

    merged = merge([imported, decided])

    assert merged == [decided]


def test_the_moderators_label_wins_whatever_the_order() -> None:
    imported = example("Visit my page for prizes", "clean", "sms", ("spam",))
    decided = moderators("Visit my page for prizes", "spam", ("spam",))

    assert merge([decided, imported]) == merge([imported, decided]) == [decided]


def test_an_imported_example_keeps_the_tasks_the_moderator_did_not_label() -> None:
    # The seed corpus labels a text for spam and toxicity at once; the moderator rejected it as
    # toxic, which says nothing about spam.
    seeded = example("You people are vermin", "toxic", "seed", tags=("topic:politics",))
    decided = moderators("You people are vermin", "toxic", ("toxicity",))

    merged = by_source(merge([seeded, decided]))

    [kept] = merged["seed"]
    assert kept.tasks == ("spam",)
    assert kept.target("spam") == 0
    assert kept.target("toxicity") is None
    assert (kept.text, kept.label, kept.lang, kept.group) == (
        seeded.text,
        seeded.label,
        seeded.lang,
        seeded.group,
    )
    assert "topic:politics" in kept.tags
    assert merged["moderators:daily"] == [decided]


def test_an_imported_label_for_another_task_is_left_whole() -> None:
    spam_set = example("Win a phone, text 5555", "spam", "sms", ("spam",))
    decided = moderators("Win a phone, text 5555", "toxic", ("toxicity",))

    merged = merge([spam_set, decided])

    assert sorted(merged, key=lambda e: e.source) == [decided, spam_set]


def test_a_moderators_label_changes_nothing_for_other_texts() -> None:
    other = example("You are a complete idiot", "toxic", "jigsaw", ("toxicity",))
    decided = moderators("A completely different comment", "clean", ("spam", "toxicity"))

    assert sorted(merge([other, decided]), key=lambda e: e.source) == [other, decided]


def test_two_sites_moderators_labels_of_one_text_are_both_kept() -> None:
    daily = moderators("Read the report first", "clean", ("spam", "toxicity"), site="daily")
    other = moderators("Read the report first", "spam", ("spam",), site="other")

    assert len(merge([daily, other])) == 2


def test_duplicates_within_a_source_collapse_to_one_example() -> None:
    first = example("Great match yesterday", "clean", "seed")
    again = example("great  MATCH yesterday ", "clean", "seed")
    elsewhere = example("Great match yesterday", "clean", "youtube", ("spam",))

    merged = by_source(merge([first, again, again, elsewhere]))

    assert len(merged["seed"]) == 1
    assert merged["youtube"] == [elsewhere]


def test_repeated_moderator_examples_collapse_too() -> None:
    decided = moderators("Stop posting links", "spam", ("spam",))

    assert merge([decided, decided]) == [decided]


# --- freeze ---------------------------------------------------------------------------------


def test_freezing_the_same_examples_in_any_order_gives_the_same_bytes_and_digest() -> None:
    examples = mixed_examples()
    shuffled = list(examples)
    random.Random(4).shuffle(shuffled)

    first, second = freeze(examples), freeze([*shuffled, shuffled[0]])

    assert first.digest == second.digest
    assert first.data == second.data
    assert first.examples == second.examples


def test_which_of_two_folded_duplicates_is_kept_does_not_depend_on_the_order() -> None:
    upper = example("Great match yesterday", "clean")
    lower = example("great MATCH yesterday", "clean")

    assert freeze([upper, lower]).data == freeze([lower, upper]).data


def test_one_text_labelled_for_two_tasks_freezes_the_same_in_any_order() -> None:
    for_spam = example("Visit my channel", "clean", "clips", ("spam",))
    for_toxicity = example("Visit my channel", "clean", "clips", ("toxicity",))

    assert freeze([for_spam, for_toxicity]).data == freeze([for_toxicity, for_spam]).data


def test_a_changed_label_changes_the_digest() -> None:
    examples = mixed_examples()
    changed = [*examples[:-1], moderators("The mayor should resign", "toxic", ("toxicity",))]

    assert freeze(examples).digest != freeze(changed).digest


def test_the_digest_is_the_sha256_of_the_uncompressed_json_lines() -> None:
    import hashlib

    snapshot = freeze(mixed_examples())

    raw = gzip.decompress(snapshot.data)
    assert hashlib.sha256(raw).hexdigest() == snapshot.digest
    rows = [json.loads(line) for line in raw.decode().splitlines()]
    assert len(rows) == len(snapshot.examples)
    assert set(rows[0]) == {"text", "label", "lang", "source", "group", "tags"}


def test_counts_are_of_the_merged_examples_by_source_label_and_language() -> None:
    examples = [
        *mixed_examples(),
        example("You are a complete idiot", "toxic", "jigsaw", ("toxicity",)),  # a duplicate
        moderators("You are a complete idiot", "clean", ("spam", "toxicity")),  # replaces it
        example("No language given", "clean", "sms", ("spam",), lang=""),
    ]

    snapshot = freeze(examples)

    # The jigsaw example is gone: the moderator labelled its text for its only task.
    assert snapshot.counts == {
        "examples": 7,
        "by_source": {"moderators:daily": 2, "seed": 3, "sms": 2},
        "by_label": {"clean": 5, "spam": 2},
        "by_language": {"?": 1, "az": 1, "en": 4, "ru": 1},
    }
    assert list(snapshot.counts["by_source"]) == sorted(snapshot.counts["by_source"])
    assert snapshot.counts == counts_of(snapshot.examples)


def test_an_empty_snapshot_has_a_digest_and_zero_counts() -> None:
    snapshot = freeze([])

    assert snapshot.examples == ()
    assert snapshot.counts["examples"] == 0
    assert thaw(snapshot.data) == []


# --- thaw -----------------------------------------------------------------------------------


def test_thawing_gives_back_the_frozen_examples_exactly() -> None:
    examples = [
        *mixed_examples(),
        example("Ünïcödé «quotes» and emoji 🙂", "clean", "youtube", ("spam",), group="vid-9"),
    ]

    snapshot = freeze(examples)

    assert thaw(snapshot.data) == list(snapshot.examples)
    assert freeze(thaw(snapshot.data)).data == snapshot.data


# --- without_texts --------------------------------------------------------------------------


def test_without_texts_removes_every_example_of_a_folded_text_and_counts_them() -> None:
    examples = [
        example("Call me at 555 0100", "spam", "sms", ("spam",)),
        example("call ME at 555   0100", "spam", "seed"),
        example("Thanks for the clear article", "clean", "seed"),
        moderators("Call me at 555 0100", "toxic", ("toxicity",), site="other"),
    ]
    snapshot = freeze(examples)
    assert len(snapshot.examples) == 4

    data, removed = without_texts(snapshot.data, {text_key("  CALL me at 555 0100")})

    assert removed == 3
    assert [e.text for e in thaw(data)] == ["Thanks for the clear article"]


def test_without_texts_of_unknown_texts_leaves_the_bytes_unchanged() -> None:
    snapshot = freeze(mixed_examples())

    data, removed = without_texts(snapshot.data, {text_key("never seen")})

    assert removed == 0
    assert data == snapshot.data
