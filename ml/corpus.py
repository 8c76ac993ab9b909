"""Labelled examples and the seed corpus the project writes and ships itself."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources

LABELS = ("clean", "spam", "toxic")

# What each score predicts: the task whose examples train it, and its positive label.
HEAD_TASKS: dict[str, tuple[str, str]] = {
    "spam": ("spam", "spam"),
    "toxicity": ("toxicity", "toxic"),
    "deceptive": ("deceptive", "deceptive"),
}
# The seed corpus labels every comment for both comment scores at once.
SEED_TASKS = ("spam", "toxicity")


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    lang: str
    source: str = "seed"
    group: str = ""
    tags: tuple[str, ...] = field(default=())

    @property
    def tasks(self) -> tuple[str, ...]:
        """The tasks it is labelled for: its ``task:<name>`` tags, else spam and toxicity."""
        named = tuple(tag.split(":", 1)[1] for tag in self.tags if tag.startswith("task:"))
        return named or SEED_TASKS

    def target(self, head: str) -> int | None:
        """1 or 0 for ``head``, or None when this example says nothing about it."""
        task, positive = HEAD_TASKS[head]
        if task not in self.tasks:
            return None
        return int(self.label == positive)


def load_seed_corpus() -> list[Example]:
    """Every example of the shipped seed corpus (``ml/seed/<lang>-<label>.jsonl``)."""
    return _load_folder("seed", source="seed")


HOLDOUT_SOURCE = "holdout"


def load_holdout() -> list[Example]:
    """Comments written apart from the seed corpus that no model ever trains on.

    The promotion gate's fixed evaluation set starts from them, so even a fresh install can
    compare a retrained model with the default one on evidence neither has seen.
    """
    return _load_folder("holdout", source=HOLDOUT_SOURCE)


def _load_folder(name: str, source: str) -> list[Example]:
    examples = []
    folder = resources.files("ml").joinpath(name)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".jsonl"):
            continue
        for line in entry.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            examples.append(
                Example(
                    text=row["text"],
                    label=row["label"],
                    lang=row["lang"],
                    source=source,
                    tags=(*row.get("tags", ()), f"topic:{row.get('topic', 'other')}"),
                )
            )
    return examples


def deduplicate(examples: Iterable[Example]) -> list[Example]:
    """Drop repeated texts (compared after trimming and case folding), keeping the first."""
    seen: set[str] = set()
    unique = []
    for example in examples:
        key = " ".join(example.text.casefold().split())
        if key not in seen:
            seen.add(key)
            unique.append(example)
    return unique


def summarise(examples: Sequence[Example]) -> dict[str, object]:
    """Counts per source, label and language, and a hash that identifies this exact snapshot."""
    digest = hashlib.sha256()
    for example in examples:
        digest.update(json.dumps([example.text, example.label, example.lang]).encode())
    return {
        "examples": len(examples),
        "sha256": digest.hexdigest(),
        "by_source": dict(Counter(e.source for e in examples)),
        "by_label": dict(Counter(e.label for e in examples)),
        "by_language": dict(Counter(e.lang for e in examples)),
    }
