"""Readers of the labelled public datasets in ../shared/data: the real files and tiny fakes."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from ml.corpus import Example
from ml.datasets import (
    DATASETS,
    NOT_FOR_TRAINING,
    DatasetFormatError,
    DatasetMissing,
    perspective_scores,
    read_all,
    read_dataset,
)

# The repository clone's sibling, wherever the clone lives.
DATA_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data"

# name: (rows in the data README's table, labels after cleaning and deduplication, groups).
# Deduplication is on the stripped text; copies that disagree on the label are all dropped.
EXPECTED: dict[str, tuple[int, dict[str, int], int]] = {
    # 149 repeats (spam 133, ham 16), mostly across videos.
    "youtube_spam_collection": (1586, {"spam": 698, "clean": 739}, 4),
    # 414 repeats: the 403 of SOURCE.md plus 11 that differ only by surrounding spaces.
    "sms_spam_collection": (5574, {"spam": 642, "clean": 4518}, 1),
    "turkish_sms_collection": (3798, {"spam": 2040, "clean": 1747}, 1),
    "ru_telegram_spam": (13204, {"spam": 6418, "clean": 6785}, 1),
    "davidson_hate_offensive": (24783, {"toxic": 20620, "clean": 4163}, 1),
    # 33 repeats; 5 texts (14 rows) carry both labels and are dropped.
    "olid_offenseval2019": (13240, {"toxic": 4390, "clean": 8812}, 1),
    "offenseval2020_turkish": (31756, {"toxic": 6131, "clean": 25616}, 1),
    # The README says 11503 rows but its own labels add up to 11502 (toxic 3857, not 7645).
    # Stripping the trailing newline reveals 209 repeats, 32 texts of them with both labels.
    "ru_toxic_2ch_pikabu": (11503, {"toxic": 3755, "clean": 7506}, 1),
    "ott_deceptive_opinion_spam": (1280, {"deceptive": 640, "truthful": 636}, 16),
    # Four rows whose text is "#ERROR!" are dropped.
    "perspective_wikipedia_sample": (1000, {"toxic": 136, "clean": 860}, 1),
}

ESCAPED_DATASETS = (
    "youtube_spam_collection",
    "sms_spam_collection",
    "davidson_hate_offensive",
    "olid_offenseval2019",
)
ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|amp|lt|gt|quot|apos);")


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not DATA_DIR.is_dir():
        pytest.fail(
            f"the labelled data folder {DATA_DIR} is missing: these tests read the real datasets "
            "from shared/data beside the repository clone",
            pytrace=False,
        )
    return DATA_DIR


@pytest.fixture(scope="session")
def corpora(data_dir: Path) -> dict[str, list[Example]]:
    return {name: read_dataset(name, data_dir) for name in DATASETS}


def test_expectations_cover_every_dataset() -> None:
    assert set(EXPECTED) == set(DATASETS)


@pytest.mark.parametrize("name", DATASETS)
def test_dataset_has_the_measured_label_and_group_counts(
    corpora: dict[str, list[Example]], name: str
) -> None:
    _, labels, groups = EXPECTED[name]
    examples = corpora[name]

    assert Counter(e.label for e in examples) == labels
    assert len({e.group for e in examples}) == groups
    assert set(labels) == set(DATASETS[name].labels)


@pytest.mark.parametrize("name", DATASETS)
def test_cleaning_keeps_at_least_nine_tenths_of_the_readme_rows(
    corpora: dict[str, list[Example]], name: str
) -> None:
    readme_rows = EXPECTED[name][0]

    assert 0.9 * readme_rows <= len(corpora[name]) <= readme_rows


@pytest.mark.parametrize("name", DATASETS)
def test_examples_carry_dataset_name_language_and_task_tag(
    corpora: dict[str, list[Example]], name: str
) -> None:
    info = DATASETS[name]

    assert {e.source for e in corpora[name]} == {name}
    assert {e.lang for e in corpora[name]} == {info.language}
    assert all(f"task:{info.task}" in e.tags for e in corpora[name])


@pytest.mark.parametrize("name", DATASETS)
def test_texts_are_stripped_non_empty_and_free_of_byte_order_marks(
    corpora: dict[str, list[Example]], name: str
) -> None:
    texts = [e.text for e in corpora[name]]

    assert all(text and text == text.strip() for text in texts)
    assert not any("\ufeff" in text for text in texts)


@pytest.mark.parametrize("name", DATASETS)
def test_no_text_repeats_within_a_dataset(corpora: dict[str, list[Example]], name: str) -> None:
    texts = [e.text for e in corpora[name]]

    assert len(texts) == len(set(texts))


@pytest.mark.parametrize("name", ESCAPED_DATASETS)
def test_html_entities_are_decoded_where_the_dataset_escaped_them(
    corpora: dict[str, list[Example]], name: str
) -> None:
    texts = [e.text for e in corpora[name]]

    assert not any(ENTITY.search(text) for text in texts)
    assert any("&" in text for text in texts)


def test_youtube_groups_are_the_four_video_files(corpora: dict[str, list[Example]]) -> None:
    groups = Counter(e.group for e in corpora["youtube_spam_collection"])

    assert groups == {
        "Youtube01-Psy": 349,
        "Youtube02-KatyPerry": 346,
        "Youtube03-LMFAO": 338,
        "Youtube04-Eminem": 404,
    }


def test_ott_groups_are_sixteen_hotels_of_at_most_eighty_reviews(
    corpora: dict[str, list[Example]],
) -> None:
    groups = Counter(e.group for e in corpora["ott_deceptive_opinion_spam"])

    assert len(groups) == 16
    assert {"conrad", "hilton", "omni", "talbott"} <= set(groups)
    assert all(78 <= n <= 80 for n in groups.values())


def test_ott_never_exposes_the_source_column(corpora: dict[str, list[Example]]) -> None:
    sources = {"MTurk", "TripAdvisor", "Web"}
    examples = corpora["ott_deceptive_opinion_spam"]

    assert all(e.tags == ("task:deceptive",) for e in examples)
    assert not any(e.group in sources for e in examples)
    assert not any(e.text in sources for e in examples)


def test_ru_toxic_file_parts_are_tags_not_groups(corpora: dict[str, list[Example]]) -> None:
    examples = corpora["ru_toxic_2ch_pikabu"]
    parts = Counter(t for e in examples for t in e.tags if t.startswith("ru_toxic:"))

    assert parts == {"ru_toxic:part1": 5626, "ru_toxic:part2": 5635}
    assert {e.group for e in examples} == {""}


def test_davidson_toxic_examples_are_tagged_hate_or_offensive(
    corpora: dict[str, list[Example]],
) -> None:
    tags = Counter(
        (e.label, t) for e in corpora["davidson_hate_offensive"] for t in e.tags if "davidson" in t
    )

    assert tags == {("toxic", "davidson:hate"): 1430, ("toxic", "davidson:offensive"): 19190}


def test_olid_keeps_user_and_url_placeholders(corpora: dict[str, list[Example]]) -> None:
    texts = [e.text for e in corpora["olid_offenseval2019"]]

    assert sum("@USER" in text for text in texts) > 10_000
    assert sum(text.endswith("URL") for text in texts) > 500


def test_offenseval_turkish_reads_tweets_opening_with_a_quote_as_plain_text(
    corpora: dict[str, list[Example]],
) -> None:
    quoted = [e for e in corpora["offenseval2020_turkish"] if e.text.startswith('"')]

    assert len(quoted) > 200
    assert not any("\n" in e.text for e in quoted)


def test_perspective_examples_are_model_outputs_marked_not_for_training(
    corpora: dict[str, list[Example]],
) -> None:
    examples = corpora["perspective_wikipedia_sample"]

    assert all(NOT_FOR_TRAINING in e.tags for e in examples)
    assert not any(e.text == "#ERROR!" for e in examples)
    for example in examples:
        assert example.label == (
            "toxic" if perspective_scores(example)["toxicity@6"] >= 0.5 else "clean"
        )


def test_perspective_examples_carry_every_attribute_score(
    corpora: dict[str, list[Example]],
) -> None:
    first = corpora["perspective_wikipedia_sample"][0]

    scores = perspective_scores(first)

    assert len(scores) == 18
    assert scores["identity_attack"] == 0.93
    assert scores["threat"] == 0.98


def test_examples_of_other_sets_have_no_perspective_scores(
    corpora: dict[str, list[Example]],
) -> None:
    assert perspective_scores(corpora["olid_offenseval2019"][0]) == {}


def test_only_the_perspective_sample_is_marked_not_for_training(
    corpora: dict[str, list[Example]],
) -> None:
    marked = {
        name for name, found in corpora.items() if any(NOT_FOR_TRAINING in e.tags for e in found)
    }

    assert marked == {"perspective_wikipedia_sample"}


def test_read_all_skips_not_for_training_sets_and_reports_progress(data_dir: Path) -> None:
    messages: list[str] = []

    examples = read_all(data_dir, progress=messages.append)

    assert Counter(e.source for e in examples) == {
        name: sum(labels.values())
        for name, (_, labels, _) in EXPECTED.items()
        if name != "perspective_wikipedia_sample"
    }
    assert len(messages) == len(DATASETS) - 1
    assert messages[0] == "youtube_spam_collection: 1437 examples (clean 739, spam 698)"


def test_read_all_reads_not_for_training_sets_only_when_asked(data_dir: Path) -> None:
    examples = read_all(data_dir, ["perspective_wikipedia_sample"], include_not_for_training=True)

    assert len(examples) == 996
    with pytest.raises(ValueError, match="include_not_for_training"):
        read_all(data_dir, ["sms_spam_collection", "perspective_wikipedia_sample"])


def test_missing_dataset_folder_raises_dataset_missing_naming_it(tmp_path: Path) -> None:
    (tmp_path / "youtube_spam_collection").mkdir()

    with pytest.raises(DatasetMissing, match="sms_spam_collection") as raised:
        read_all(tmp_path, ["sms_spam_collection"])

    assert isinstance(raised.value, FileNotFoundError)
    assert raised.value.path == tmp_path / "sms_spam_collection"
    assert str(tmp_path / "sms_spam_collection") in str(raised.value)


def test_missing_file_raises_dataset_missing_naming_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "youtube_spam_collection"
    folder.mkdir()
    (folder / "Youtube01-Psy.csv").write_text("COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\n")

    with pytest.raises(DatasetMissing, match=r"Youtube02-KatyPerry\.csv"):
        read_dataset("youtube_spam_collection", tmp_path)


def test_missing_data_folder_raises_dataset_missing(tmp_path: Path) -> None:
    with pytest.raises(DatasetMissing, match="data folder"):
        read_dataset("ru_telegram_spam", tmp_path / "nowhere")


def test_duplicates_keep_the_first_and_drop_texts_with_conflicting_labels(tmp_path: Path) -> None:
    folder = tmp_path / "sms_spam_collection"
    folder.mkdir()
    (folder / "SMSSpamCollection.tsv").write_text(
        'ham\t"Hi" there\nspam\tWin now\nham\t  "Hi" there \nham\tWin now\n'
        "ham\t   \nham\tA &amp; B\n",
        encoding="utf-8",
    )

    examples = read_dataset("sms_spam_collection", tmp_path)

    assert [(e.text, e.label) for e in examples] == [('"Hi" there', "clean"), ("A & B", "clean")]


def test_unexpected_label_raises_format_error_naming_the_line(tmp_path: Path) -> None:
    folder = tmp_path / "ru_telegram_spam"
    folder.mkdir()
    (folder / "telegram_spam_ru.csv").write_text("label,message\n1,a\n2,b\n", encoding="utf-8")

    with pytest.raises(DatasetFormatError, match="line 3"):
        read_dataset("ru_telegram_spam", tmp_path)


def test_unknown_dataset_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown dataset"):
        read_dataset("jigsaw", tmp_path)
