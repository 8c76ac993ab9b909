"""The labelled-data store: import examples once each, read them back for training."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from ml.corpus import Example
from service.db import db
from service.labels.models import LabelledExample

BATCH = 2000


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.casefold().split()).encode()).hexdigest()


def _task(example: Example) -> str:
    tasks = example.tasks
    return tasks[0] if len(tasks) == 1 else "all"


@dataclass(frozen=True)
class ImportReport:
    added: int
    already_there: int


def import_examples(
    examples: Sequence[Example], progress: Callable[[int], None] | None = None
) -> ImportReport:
    """Store examples not stored yet (same source, task and text); report what was added."""
    added = skipped = 0
    for start in range(0, len(examples), BATCH):
        batch = examples[start : start + BATCH]
        keys = {(e.source, _task(e), text_hash(e.text)): e for e in batch}
        existing = {
            (source, task, digest)
            for source, task, digest in db.session.execute(
                select(
                    LabelledExample.source, LabelledExample.task, LabelledExample.text_hash
                ).where(LabelledExample.text_hash.in_([key[2] for key in keys]))
            )
        }
        for key, example in keys.items():
            if key in existing:
                skipped += 1
                continue
            db.session.add(
                LabelledExample(
                    text=example.text,
                    text_hash=key[2],
                    task=key[1],
                    label=example.label,
                    lang=example.lang,
                    source=example.source,
                    group_key=example.group,
                    tags=list(example.tags),
                )
            )
            added += 1
        skipped += len(batch) - len(keys)
        db.session.commit()
        if progress:
            progress(len(batch))
    return ImportReport(added=added, already_there=skipped)


def stored_examples(include_not_for_training: bool = False) -> list[Example]:
    """Every stored example, as the training code reads them."""
    rows = db.session.scalars(select(LabelledExample).order_by(LabelledExample.created_at))
    examples = [
        Example(
            text=row.text,
            label=row.label,
            lang=row.lang,
            source=row.source,
            group=row.group_key,
            tags=tuple(row.tags),
        )
        for row in rows
    ]
    if include_not_for_training:
        return examples
    return [e for e in examples if "not_for_training" not in e.tags]


def counts() -> list[tuple[str, str, str, int]]:
    """(source, task, label, count) for every stored combination."""
    return [
        (source, task, label, count)
        for source, task, label, count in db.session.execute(
            select(
                LabelledExample.source,
                LabelledExample.task,
                LabelledExample.label,
                func.count(),
            )
            .group_by(LabelledExample.source, LabelledExample.task, LabelledExample.label)
            .order_by(LabelledExample.source, LabelledExample.task, LabelledExample.label)
        )
    ]


def read_table(
    rows: Iterable[dict[str, str]],
    text_column: str,
    label_column: str,
    label_map: dict[str, str],
    task: str,
    lang: str | None,
    lang_column: str | None,
    source: str,
    group_column: str | None,
) -> tuple[list[Example], Counter[str]]:
    """Examples from generic rows (CSV or JSON lines) by a column mapping, and what was skipped."""
    examples: list[Example] = []
    skipped: Counter[str] = Counter()
    for row in rows:
        text = str(row.get(text_column) or "").strip()
        raw_label = str(row.get(label_column, "")).strip()
        if not text:
            skipped["empty text"] += 1
            continue
        if raw_label not in label_map:
            skipped[f"label {raw_label!r} not in the label map"] += 1
            continue
        language = str(row.get(lang_column, "")).strip() if lang_column else lang
        if not language:
            skipped["no language"] += 1
            continue
        examples.append(
            Example(
                text=text,
                label=label_map[raw_label],
                lang=language,
                source=source,
                group=str(row.get(group_column, "")) if group_column else "",
                tags=(f"task:{task}",),
            )
        )
    return examples, skipped
