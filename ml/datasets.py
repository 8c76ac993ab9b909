"""Readers for the labelled public datasets kept outside the repository, each in its own format.

Every reader returns :class:`ml.corpus.Example` objects: texts stripped of U+FEFF and surrounding
whitespace, empty texts dropped, and duplicates (same stripped text) removed within the dataset,
keeping the first occurrence, or dropping every copy when the copies disagree on the label.
The data folder's ``README.md`` and each dataset's ``SOURCE.md`` explain the formats and traps.
"""

from __future__ import annotations

import csv
import html
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ml.corpus import Example

# Sibling of the repository clone; installed elsewhere, callers pass their own folder.
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data"

NOT_FOR_TRAINING = "not_for_training"

# Only complete references ending in ";": html.unescape alone would also turn the legacy bare forms
# ("&copy", "&pound" and so on) inside ordinary text into symbols.
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# A few tweets were escaped twice ("&amp;#8217;"); a numeric reference is never meant literally.
_NUMERIC_ENTITY = re.compile(r"&#(?:[0-9]+|[xX][0-9a-fA-F]+);")


class DatasetMissing(FileNotFoundError):
    """A dataset's folder or file is not where the reader expects it."""

    def __init__(self, name: str, path: Path, what: str) -> None:
        super().__init__(
            f"dataset {name!r}: expected the {what} {path}, which does not exist. The labelled "
            "data is not part of the repository: pass the folder that holds it (normally "
            "../shared/data beside the repository clone)."
        )
        self.dataset = name
        self.path = path


class DatasetFormatError(ValueError):
    """A dataset file does not have the layout or label values its reader expects."""


@dataclass(frozen=True)
class DatasetInfo:
    """What one dataset folder holds: its task, language, files and the labels it yields."""

    name: str
    task: str
    language: str
    description: str
    files: tuple[str, ...]
    labels: tuple[str, ...]
    not_for_training: bool = False

    @property
    def task_tag(self) -> str:
        return f"task:{self.task}"


_SPAM = ("spam", "clean")
_TOXIC = ("toxic", "clean")

DATASETS: dict[str, DatasetInfo] = {
    info.name: info
    for info in (
        DatasetInfo(
            "youtube_spam_collection",
            "spam",
            "en",
            "YouTube comment spam (TubeSpam), videos 01 to 04; group is the video file",
            (
                "Youtube01-Psy.csv",
                "Youtube02-KatyPerry.csv",
                "Youtube03-LMFAO.csv",
                "Youtube04-Eminem.csv",
            ),
            _SPAM,
        ),
        DatasetInfo(
            "sms_spam_collection",
            "spam",
            "en",
            "SMS Spam Collection v.1 (UK/Singapore SMS); out-of-domain spam",
            ("SMSSpamCollection.tsv",),
            _SPAM,
        ),
        DatasetInfo(
            "turkish_sms_collection",
            "spam",
            "tr",
            "Turkish SMS Collection (Karasoy and Ballı), commercial SMS spam",
            ("TurkishSMSCollection.csv",),
            _SPAM,
        ),
        DatasetInfo(
            "ru_telegram_spam",
            "spam",
            "ru",
            "Russian Telegram chat spam, single collector, silver-quality labels",
            ("telegram_spam_ru.csv",),
            _SPAM,
        ),
        DatasetInfo(
            "davidson_hate_offensive",
            "toxicity",
            "en",
            "Davidson et al. 2017 tweets; hate and offensive are toxic, tagged davidson:<class>",
            ("labeled_data.csv",),
            _TOXIC,
        ),
        DatasetInfo(
            "olid_offenseval2019",
            "toxicity",
            "en",
            "OLID v1.0 training tweets, sub-task A (OFF is toxic); @USER and URL placeholders kept",
            ("olid-training-v1.0.tsv",),
            _TOXIC,
        ),
        DatasetInfo(
            "offenseval2020_turkish",
            "toxicity",
            "tr",
            "OffensEval 2020 Turkish training tweets (OFF is toxic); keeps @USER placeholders",
            ("offenseval-tr-training-v1.tsv",),
            _TOXIC,
        ),
        DatasetInfo(
            "ru_toxic_2ch_pikabu",
            "toxicity",
            "ru",
            "Russian toxic comments from 2ch and Pikabu; tagged ru_toxic:<file part>, no group",
            ("labeled_part1.csv", "labeled_part2.csv"),
            _TOXIC,
        ),
        DatasetInfo(
            "ott_deceptive_opinion_spam",
            "deceptive",
            "en",
            "Ott deceptive hotel reviews, 16 hotels; group is the hotel; `source` is never read",
            ("deceptive-opinion.csv",),
            ("deceptive", "truthful"),
        ),
        DatasetInfo(
            "perspective_wikipedia_sample",
            "toxicity",
            "en",
            "Perspective API scores on Wikipedia talk comments: model outputs, for calibration "
            "only; toxic when TOXICITY@6 >= 0.5",
            ("perspective_wikipedia_2k_score_sample_20180829.csv",),
            _TOXIC,
            not_for_training=True,
        ),
    )
}

# A reader yields (text, label, group, extra tags) per record, before cleaning and deduplication.
_Record = tuple[str, str, str, tuple[str, ...]]


def read_dataset(name: str, data_dir: Path) -> list[Example]:
    """Every usable example of one dataset, cleaned and deduplicated."""
    info = _info(name)
    paths = _locate(info, Path(data_dir))
    tags = (info.task_tag, NOT_FOR_TRAINING) if info.not_for_training else (info.task_tag,)
    examples = []
    for text, label, group, extra in _READERS[name](paths):
        text = _clean(text)
        if text:
            examples.append(
                Example(text, label, info.language, source=name, group=group, tags=tags + extra)
            )
    return _deduplicate(examples)


def read_all(
    data_dir: Path,
    names: Iterable[str] | None = None,
    progress: Callable[[str], None] | None = None,
    *,
    include_not_for_training: bool = False,
) -> list[Example]:
    """The examples of several datasets (by default every one fit for training), in order."""
    if names is None:
        chosen = [
            name
            for name, info in DATASETS.items()
            if include_not_for_training or not info.not_for_training
        ]
    else:
        chosen = list(names)
        for name in chosen:
            # Naming a set of model outputs among training data is more likely a slip than a wish.
            if _info(name).not_for_training and not include_not_for_training:
                raise ValueError(
                    f"dataset {name!r} holds model outputs, not human labels; pass "
                    "include_not_for_training=True to read it anyway"
                )
    examples: list[Example] = []
    for name in chosen:
        found = read_dataset(name, data_dir)
        examples.extend(found)
        if progress is not None:
            counts = Counter(e.label for e in found)
            detail = ", ".join(f"{label} {n}" for label, n in sorted(counts.items()))
            progress(f"{name}: {len(found)} examples ({detail})")
    return examples


def _info(name: str) -> DatasetInfo:
    try:
        return DATASETS[name]
    except KeyError:
        raise ValueError(f"unknown dataset {name!r}; known: {', '.join(DATASETS)}") from None


def _locate(info: DatasetInfo, data_dir: Path) -> list[Path]:
    if not data_dir.is_dir():
        raise DatasetMissing(info.name, data_dir, "data folder")
    folder = data_dir / info.name
    if not folder.is_dir():
        raise DatasetMissing(info.name, folder, "dataset folder")
    paths = [folder / file for file in info.files]
    for path in paths:
        if not path.is_file():
            raise DatasetMissing(info.name, path, "file")
    return paths


def _clean(text: str) -> str:
    return text.replace("\ufeff", "").strip()


def _unescape(text: str) -> str:
    text = _ENTITY.sub(lambda match: html.unescape(match.group()), text)
    return _NUMERIC_ENTITY.sub(lambda match: html.unescape(match.group()), text)


def _deduplicate(examples: Sequence[Example]) -> list[Example]:
    first: dict[str, Example] = {}
    conflicting: set[str] = set()
    for example in examples:
        kept = first.setdefault(example.text, example)
        if kept.label != example.label:
            conflicting.add(example.text)
    return [example for text, example in first.items() if text not in conflicting]


def _rows(
    path: Path,
    *,
    width: int,
    header: Sequence[str] | None = None,
    delimiter: str = ",",
    quoted: bool = True,
) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) for every data row, after checking the header and the field count."""
    quoting = csv.QUOTE_MINIMAL if quoted else csv.QUOTE_NONE
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter, quoting=quoting, strict=quoted)
            if header is not None:
                found = next(reader, None)
                if found != list(header):
                    raise DatasetFormatError(
                        f"{path}: expected the header {list(header)}, found {found}"
                    )
            for row in reader:
                if len(row) != width:
                    raise DatasetFormatError(
                        f"{path}, line {reader.line_num}: expected {width} fields, found {len(row)}"
                    )
                yield reader.line_num, row
    except (csv.Error, UnicodeDecodeError) as error:
        raise DatasetFormatError(f"{path}: {error}") from error


def _label(value: str, mapping: dict[str, str], path: Path, line: int) -> str:
    try:
        return mapping[value]
    except KeyError:
        raise DatasetFormatError(
            f"{path}, line {line}: unexpected label {value!r}; expected one of {sorted(mapping)}"
        ) from None


def _read_youtube(paths: list[Path]) -> Iterator[_Record]:
    # CONTENT only: DATE, AUTHOR and COMMENT_ID formats leak the label (SOURCE.md).
    header = ("COMMENT_ID", "AUTHOR", "DATE", "CONTENT", "CLASS")
    for path in paths:
        for line, row in _rows(path, width=5, header=header):
            label = _label(row[4], {"1": "spam", "0": "clean"}, path, line)
            yield _unescape(row[3]), label, path.stem, ()


def _read_sms(paths: list[Path]) -> Iterator[_Record]:
    # One raw message per line: a leading '"' is part of the text, not CSV quoting.
    path = paths[0]
    for line, row in _rows(path, width=2, delimiter="\t", quoted=False):
        label = _label(row[0], {"spam": "spam", "ham": "clean"}, path, line)
        yield _unescape(row[1]), label, "", ()


def _read_turkish_sms(paths: list[Path]) -> Iterator[_Record]:
    path = paths[0]
    labels = {("1", "Spam"): "spam", ("2", "Normal"): "clean"}
    for line, row in _rows(path, width=3, header=("Message", "Group", "GroupText"), delimiter=";"):
        label = labels.get((row[1], row[2]))
        if label is None:
            raise DatasetFormatError(
                f"{path}, line {line}: unexpected Group/GroupText {row[1]!r}/{row[2]!r}"
            )
        yield row[0], label, "", ()


def _read_telegram(paths: list[Path]) -> Iterator[_Record]:
    path = paths[0]
    for line, row in _rows(path, width=2, header=("label", "message")):
        yield row[1], _label(row[0], {"1": "spam", "0": "clean"}, path, line), "", ()


def _read_davidson(paths: list[Path]) -> Iterator[_Record]:
    path = paths[0]
    header = ("", "count", "hate_speech", "offensive_language", "neither", "class", "tweet")
    classes = {
        "0": ("toxic", ("davidson:hate",)),
        "1": ("toxic", ("davidson:offensive",)),
        "2": ("clean", ()),
    }
    for line, row in _rows(path, width=7, header=header):
        if row[5] not in classes:
            raise DatasetFormatError(f"{path}, line {line}: unexpected class {row[5]!r}")
        label, tags = classes[row[5]]
        yield _unescape(row[6]), label, "", tags


def _read_olid(paths: list[Path]) -> Iterator[_Record]:
    # Unlike the other TSVs, OLID quotes tweets CSV-style ('"' doubled inside quoted fields).
    path = paths[0]
    header = ("id", "tweet", "subtask_a", "subtask_b", "subtask_c")
    for line, row in _rows(path, width=5, header=header, delimiter="\t"):
        label = _label(row[2], {"OFF": "toxic", "NOT": "clean"}, path, line)
        yield _unescape(row[1]), label, "", ()


def _read_offenseval_tr(paths: list[Path]) -> Iterator[_Record]:
    # No header and no quoting: tweets that start with '"' would otherwise swallow the next lines.
    path = paths[0]
    for line, row in _rows(path, width=3, delimiter="\t", quoted=False):
        yield row[1], _label(row[2], {"OFF": "toxic", "NOT": "clean"}, path, line), "", ()


def _read_ru_toxic(paths: list[Path]) -> Iterator[_Record]:
    # The two parts are one file cut in half for size, not sources (SOURCE.md: concatenate, then
    # split yourself), so the part is a tag only: as a group it would hold out half the set.
    labels = {"1.0": "toxic", "0.0": "clean", "1": "toxic", "0": "clean"}
    for path in paths:
        part = (f"ru_toxic:{path.stem.removeprefix('labeled_')}",)
        for line, row in _rows(path, width=2, header=("comment", "toxic")):
            yield row[0], _label(row[1], labels, path, line), "", part


def _read_ott(paths: list[Path]) -> Iterator[_Record]:
    # The `source` column (MTurk for every deceptive review) is the label itself: never read it.
    path = paths[0]
    header = ("deceptive", "hotel", "polarity", "source", "text")
    labels = {"deceptive": "deceptive", "truthful": "truthful"}
    for line, row in _rows(path, width=5, header=header):
        yield row[4], _label(row[0], labels, path, line), row[1], ()


PERSPECTIVE_SAMPLE = "perspective_wikipedia_sample"
PERSPECTIVE_TAG = "perspective:"
_PERSPECTIVE_ATTRIBUTES = (
    "TOXICITY@6",
    "SEVERE_TOXICITY@2",
    "IDENTITY_ATTACK",
    "INSULT",
    "PROFANITY",
    "SEXUALLY_EXPLICIT",
    "THREAT",
    "FLIRTATION",
    "TOXICITY@5",
    "SEVERE_TOXICITY@1",
    "ATTACK_ON_AUTHOR",
    "ATTACK_ON_COMMENTER",
    "INCOHERENT",
    "INFLAMMATORY",
    "LIKELY_TO_REJECT",
    "OBSCENE",
    "SPAM",
    "UNSUBSTANTIAL",
)


def _read_perspective(paths: list[Path]) -> Iterator[_Record]:
    # Texts stay as Perspective scored them, wrapping quotes and doubled '""' included.
    path = paths[0]
    header = ("id", "comment_text", *_PERSPECTIVE_ATTRIBUTES)
    for line, row in _rows(path, width=len(header), header=header):
        if row[1] == "#ERROR!":
            continue  # a spreadsheet's formula error in place of the comment, scored all the same
        try:
            score = float(row[2])
        except ValueError:
            raise DatasetFormatError(f"{path}, line {line}: TOXICITY@6 {row[2]!r}") from None
        # The scores ride along so the set can serve its purpose: comparing with Perspective.
        tags = tuple(
            f"{PERSPECTIVE_TAG}{attribute.lower()}={value}"
            for attribute, value in zip(_PERSPECTIVE_ATTRIBUTES, row[2:], strict=True)
        )
        yield row[1], "toxic" if score >= 0.5 else "clean", "", tags


def perspective_scores(example: Example) -> dict[str, float]:
    """Perspective's score of each attribute (``toxicity@6``, ``identity_attack``, …) for an
    example of the Perspective sample; the attributes it left blank are absent."""
    scores: dict[str, float] = {}
    for tag in example.tags:
        if tag.startswith(PERSPECTIVE_TAG):
            attribute, _, value = tag.removeprefix(PERSPECTIVE_TAG).partition("=")
            try:
                scores[attribute] = float(value)
            except ValueError:
                continue
    return scores


_READERS: dict[str, Callable[[list[Path]], Iterator[_Record]]] = {
    "youtube_spam_collection": _read_youtube,
    "sms_spam_collection": _read_sms,
    "turkish_sms_collection": _read_turkish_sms,
    "ru_telegram_spam": _read_telegram,
    "davidson_hate_offensive": _read_davidson,
    "olid_offenseval2019": _read_olid,
    "offenseval2020_turkish": _read_offenseval_tr,
    "ru_toxic_2ch_pikabu": _read_ru_toxic,
    "ott_deceptive_opinion_spam": _read_ott,
    "perspective_wikipedia_sample": _read_perspective,
}
