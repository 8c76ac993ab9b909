"""Labelled examples and the seed corpus the project writes and ships itself."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources

LABELS = ("clean", "spam", "toxic")


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    lang: str
    source: str = "seed"
    group: str = ""
    tags: tuple[str, ...] = field(default=())

    @property
    def is_spam(self) -> int:
        return int(self.label == "spam")

    @property
    def is_toxic(self) -> int:
        return int(self.label == "toxic")


def load_seed_corpus() -> list[Example]:
    """Every example of the shipped seed corpus (``ml/seed/<lang>-<label>.jsonl``)."""
    examples = []
    folder = resources.files("ml").joinpath("seed")
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
                    source="seed",
                    group=row.get("topic", ""),
                    tags=tuple(row.get("tags", ())),
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
