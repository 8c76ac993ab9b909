"""Held-out splits that do not leak: deduplicated first, then split by group within each source.

A source whose examples name a group (a YouTube video, a hotel) keeps each group whole on one
side, so the test side holds videos or hotels the model never saw. Other sources are split at
random, stratified by label. Each source is shuffled by its own generator, seeded by
``random_state`` and the source's name, so adding examples to one source (a larger seed corpus)
leaves every other source's split as it was.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence

from ml.corpus import Example, deduplicate


def split(
    examples: Sequence[Example], test_size: float = 0.2, random_state: int = 0
) -> tuple[list[Example], list[Example]]:
    """(train, test) with about ``test_size`` of each source on the test side."""
    by_source: dict[str, list[Example]] = defaultdict(list)
    for example in deduplicate(examples):
        by_source[example.source].append(example)
    train: list[Example] = []
    test: list[Example] = []
    for source in sorted(by_source):
        rows = by_source[source]
        rng = random.Random(f"{random_state}:{source}")
        groups = sorted({e.group for e in rows if e.group})
        if len(groups) >= 2 and all(e.group for e in rows):
            rng.shuffle(groups)
            held = set(groups[: max(1, round(len(groups) * test_size))])
            train += [e for e in rows if e.group not in held]
            test += [e for e in rows if e.group in held]
            continue
        by_label: dict[str, list[Example]] = defaultdict(list)
        for example in rows:
            by_label[f"{example.label}:{example.lang}"].append(example)
        for stratum in sorted(by_label):
            members = by_label[stratum]
            rng.shuffle(members)
            cut = round(len(members) * test_size)
            test += members[:cut]
            train += members[cut:]
    return train, test
