"""Training snapshots: one frozen, hashed list of labelled examples per training run.

A snapshot merges the seed corpus, imported datasets and moderators' decisions. When a moderator
labelled a text that an imported dataset also labels for the same task, the moderator's label
wins: it is this site's own judgement. Examples are stored as gzipped JSON lines, sorted, so the
same examples always give the same bytes and the same digest.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ml.corpus import Example

MODERATOR_SOURCE_PREFIX = "moderators:"


def text_key(text: str) -> str:
    """What counts as the same text: case and spacing folded."""
    return hashlib.sha256(" ".join(text.casefold().split()).encode()).hexdigest()


def is_moderator_example(example: Example) -> bool:
    return example.source.startswith(MODERATOR_SOURCE_PREFIX)


def merge(examples: Iterable[Example]) -> list[Example]:
    """Every example once; a moderator's label replaces any other label of that text and task."""
    examples = sorted(examples, key=_sort_key)
    decided = {
        (text_key(e.text), task) for e in examples if is_moderator_example(e) for task in e.tasks
    }
    unique: dict[tuple[str, str, tuple[str, ...]], Example] = {}
    for example in examples:
        digest = text_key(example.text)
        if not is_moderator_example(example):
            remaining = [task for task in example.tasks if (digest, task) not in decided]
            if not remaining:
                continue
            if len(remaining) < len(example.tasks):
                example = _with_tasks(example, remaining)
        unique.setdefault((example.source, digest, tuple(sorted(example.tasks))), example)
    return sorted(unique.values(), key=_sort_key)


def _with_tasks(example: Example, tasks: Sequence[str]) -> Example:
    tags = [tag for tag in example.tags if not tag.startswith("task:")]
    return Example(
        text=example.text,
        label=example.label,
        lang=example.lang,
        source=example.source,
        group=example.group,
        tags=(*tags, *(f"task:{task}" for task in tasks)),
    )


def _sort_key(example: Example) -> tuple[str, ...]:
    return (
        example.source,
        example.group,
        example.label,
        example.text,
        example.lang,
        *sorted(example.tags),
    )


def unique_per_task(examples: Iterable[Example]) -> list[Example]:
    """One label per text and task across sources, a moderator's first.

    Unlike plain deduplication by text, a text labelled for spam by one source and for
    toxicity by another keeps both labels.
    """
    ordered = sorted(examples, key=lambda e: (not is_moderator_example(e), *_sort_key(e)))
    taken: set[tuple[str, str]] = set()
    kept = []
    for example in ordered:
        digest = text_key(example.text)
        free = [task for task in example.tasks if (digest, task) not in taken]
        if not free:
            continue
        taken.update((digest, task) for task in free)
        kept.append(example if len(free) == len(example.tasks) else _with_tasks(example, free))
    return kept


def _as_dict(example: Example) -> dict[str, Any]:
    return {
        "text": example.text,
        "label": example.label,
        "lang": example.lang,
        "source": example.source,
        "group": example.group,
        "tags": list(example.tags),
    }


def _from_dict(row: dict[str, Any]) -> Example:
    return Example(
        text=row["text"],
        label=row["label"],
        lang=row["lang"],
        source=row["source"],
        group=row.get("group", ""),
        tags=tuple(row.get("tags", ())),
    )


@dataclass(frozen=True)
class Snapshot:
    examples: tuple[Example, ...]
    digest: str
    data: bytes
    counts: dict[str, Any]


def counts_of(examples: Sequence[Example]) -> dict[str, Any]:
    return {
        "examples": len(examples),
        "by_source": dict(sorted(Counter(e.source for e in examples).items())),
        "by_label": dict(sorted(Counter(e.label for e in examples).items())),
        "by_language": dict(sorted(Counter(e.lang or "?" for e in examples).items())),
    }


def freeze(examples: Iterable[Example]) -> Snapshot:
    """Merge, sort and serialise examples; the digest identifies their exact content."""
    merged = merge(examples)
    lines = "\n".join(json.dumps(_as_dict(e), ensure_ascii=False, sort_keys=True) for e in merged)
    raw = lines.encode()
    digest = hashlib.sha256(raw).hexdigest()
    # mtime=0: the same examples give the same bytes.
    data = gzip.compress(raw, mtime=0)
    return Snapshot(tuple(merged), digest, data, counts_of(merged))


def thaw(data: bytes) -> list[Example]:
    raw = gzip.decompress(data).decode()
    return [_from_dict(json.loads(line)) for line in raw.splitlines() if line.strip()]


def without_texts(data: bytes, text_keys: set[str]) -> tuple[bytes, int]:
    """The snapshot's bytes with every example of those texts removed, and how many went."""
    kept, removed = [], 0
    for example in thaw(data):
        if text_key(example.text) in text_keys:
            removed += 1
        else:
            kept.append(example)
    lines = "\n".join(json.dumps(_as_dict(e), ensure_ascii=False, sort_keys=True) for e in kept)
    return gzip.compress(lines.encode(), mtime=0), removed
