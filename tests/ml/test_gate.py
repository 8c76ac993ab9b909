"""The promotion gate: which evidence is held out, and how a candidate is judged on it.

The comparisons use small synthetic models (one toxicity head fitted on a few hundred short
texts in which insults mark the toxic ones), so no test here trains on the seed corpus.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from ml.corpus import Example, load_holdout, load_seed_corpus
from ml.gate import (
    DECIDED_AT_TAG,
    DEFAULT_TOLERANCE,
    FIXED_EVAL_SET,
    MIN_EXAMPLES,
    GateSplit,
    compare,
    difference_interval,
    flagged_share,
    in_fixed_eval,
    split_for_gate,
)
from ml.model import ModerationModel, head_pipeline
from ml.snapshot import text_key

WORDS = [
    "bridge",
    "council",
    "road",
    "school",
    "budget",
    "match",
    "river",
    "train",
    "market",
    "weather",
    "park",
    "library",
    "mayor",
    "election",
    "museum",
    "harbour",
    "stadium",
    "tram",
    "festival",
    "bakery",
    "hospital",
    "ferry",
    "garden",
    "tax",
    "report",
    "article",
    "village",
    "airport",
    "theatre",
    "clinic",
    "coach",
    "season",
    "league",
    "bank",
    "price",
    "rent",
    "street",
]
INSULTS = ["idiot", "moron", "scum", "clown", "loser", "trash", "fool", "rat", "pig", "worm"]


def synthetic(n: int, seed: int, source: str = "synthetic") -> list[Example]:
    """``n`` short comments labelled for toxicity: about a third carry an insult."""
    rng = random.Random(seed)
    examples = []
    for i in range(n):
        words = rng.sample(WORDS, 5)
        toxic = rng.random() < 0.35
        if toxic:
            words.insert(rng.randrange(len(words)), rng.choice(INSULTS))
        text = " ".join(words) + f" {source} {seed} {i}"
        examples.append(
            Example(text, "toxic" if toxic else "clean", "en", source, tags=("task:toxicity",))
        )
    return examples


def toxicity_model(examples: list[Example]) -> ModerationModel:
    y = np.array([e.target("toxicity") for e in examples])
    head = head_pipeline("toxicity").fit([e.text for e in examples], y)
    return ModerationModel({"toxicity": head})


def shuffled_labels(examples: list[Example], seed: int = 0) -> list[Example]:
    labels = [e.label for e in examples]
    random.Random(seed).shuffle(labels)
    return [replace(e, label=label) for e, label in zip(examples, labels, strict=True)]


TRAIN = synthetic(300, seed=1)


@pytest.fixture(scope="module")
def proper() -> ModerationModel:
    return toxicity_model(TRAIN)


@pytest.fixture(scope="module")
def shuffled() -> ModerationModel:
    return toxicity_model(shuffled_labels(TRAIN))


@pytest.fixture(scope="module")
def more_data() -> ModerationModel:
    return toxicity_model(TRAIN + synthetic(300, seed=2))


@pytest.fixture(scope="module")
def evidence() -> dict[str, list[Example]]:
    return {FIXED_EVAL_SET: synthetic(150, seed=3), "site:daily": synthetic(60, seed=4)}


def moderator_decisions(site: str, n: int, start: datetime, seed: int = 0) -> list[Example]:
    """``n`` moderator labels of a site, an hour apart from ``start``."""
    examples = []
    for i, e in enumerate(synthetic(n, seed=seed, source=f"moderators:{site}")):
        decided = (start + timedelta(hours=i)).isoformat()
        examples.append(replace(e, tags=(*e.tags, "moderator:ana", f"{DECIDED_AT_TAG}{decided}")))
    return examples


def keys(examples: list[Example]) -> set[str]:
    return {text_key(e.text) for e in examples}


# --- what is held out -----------------------------------------------------------------------


def test_the_seed_corpus_always_trains() -> None:
    seed = load_seed_corpus()

    split = split_for_gate(seed)

    assert keys(split.train) == keys(seed)
    assert keys(split.evaluation[FIXED_EVAL_SET]) == keys(load_holdout())
    # The same examples from an imported set would be partly held out.
    assert any(in_fixed_eval(replace(e, source="imported")) for e in seed)


def test_the_holdout_is_the_fixed_set_and_never_trains_even_when_given() -> None:
    holdout = load_holdout()
    given = [
        *[replace(e, text=f"  {e.text.upper()} ", source="seed") for e in holdout[:10]],
        *[replace(e, source="imported", tags=("task:toxicity",)) for e in holdout[10:20]],
        *[
            replace(e, source="moderators:daily", tags=(f"{DECIDED_AT_TAG}2024-01-01",))
            for e in holdout[20:30]
        ],
        *synthetic(50, seed=5),
    ]

    split = split_for_gate(given)

    fixed = split.evaluation[FIXED_EVAL_SET]
    assert keys(holdout) <= keys(fixed)
    assert not keys(holdout) & keys(split.train)
    assert not keys(holdout) & keys(split.evaluation.get("site:daily", []))
    # Each holdout comment is judged once, as the holdout labels it.
    assert sum(text_key(e.text) in keys(holdout) for e in fixed) == len(holdout)


def test_an_imported_example_lands_on_the_same_side_in_every_snapshot() -> None:
    grouped = [replace(e, group=f"video-{i // 4}") for i, e in enumerate(synthetic(200, 6, "yt"))]
    ungrouped = synthetic(200, seed=7, source="sms")
    first = split_for_gate([*load_seed_corpus()[:50], *grouped, *ungrouped])
    shuffled = [*grouped[::2], *ungrouped[50:], *synthetic(100, seed=8, source="new")]
    random.Random(0).shuffle(shuffled)
    second = split_for_gate(shuffled)

    def held(split: GateSplit) -> set[str]:
        return keys(split.evaluation[FIXED_EVAL_SET])

    common = keys(grouped[::2]) | keys(ungrouped[50:])
    assert held(first) & common == held(second) & common
    assert keys(first.train) & common == keys(second.train) & common
    # Both sides are used, in about the configured share.
    share = len(held(first) & (keys(grouped) | keys(ungrouped))) / 400
    assert 0.08 < share < 0.35


def test_a_group_is_held_out_or_trained_whole() -> None:
    grouped = [replace(e, group=f"hotel-{i // 5}") for i, e in enumerate(synthetic(300, 9, "tr"))]

    split = split_for_gate(grouped)

    fixed = {e.group for e in split.evaluation[FIXED_EVAL_SET] if e.source == "tr"}
    trained = {e.group for e in split.train}
    assert fixed and trained
    assert not fixed & trained


def test_each_sites_newest_fifth_of_decisions_is_its_evaluation_set() -> None:
    start = datetime(2024, 3, 1, 8, tzinfo=UTC)
    daily = moderator_decisions("daily", 10, start, seed=10)
    other = moderator_decisions("other", 5, start - timedelta(days=30), seed=11)
    given = [*daily, *other, *synthetic(20, seed=12)]
    random.Random(1).shuffle(given)

    split = split_for_gate(given)

    assert split.evaluation["site:daily"] == daily[-2:]
    assert split.evaluation["site:other"] == other[-1:]
    assert keys(daily[:-2]) | keys(other[:-1]) <= keys(split.train)
    decided = keys(daily) | keys(other)
    assert not decided & keys(split.evaluation[FIXED_EVAL_SET])


def test_decisions_are_ordered_by_their_time_not_their_position() -> None:
    start = datetime(2024, 3, 1, 8, tzinfo=UTC)
    daily = moderator_decisions("daily", 10, start, seed=13)

    split = split_for_gate(list(reversed(daily)))

    assert split.evaluation["site:daily"] == daily[-2:]


# --- the comparison -------------------------------------------------------------------------


def test_a_candidate_trained_on_shuffled_labels_is_refused(
    proper: ModerationModel, shuffled: ModerationModel, evidence: dict[str, list[Example]]
) -> None:
    comparison = compare(shuffled, proper, evidence)

    assert not comparison.passed
    assert {row.set_name for row in comparison.sets if not row.passed} == {"fixed", "site:daily"}
    assert any(f.startswith("fixed toxicity: roc_auc") for f in comparison.failures)
    report = comparison.as_dict()
    assert report["passed"] is False and report["failures"] == comparison.failures
    fixed = next(row for row in report["sets"] if row["set_name"] == "fixed")
    assert fixed["candidate"]["roc_auc"] < fixed["active"]["roc_auc"] - 0.2


def test_the_same_model_passes_against_itself(
    proper: ModerationModel, evidence: dict[str, list[Example]]
) -> None:
    comparison = compare(proper, proper, evidence)

    assert comparison.passed
    assert comparison.failures == []
    for row in comparison.sets:
        assert row.candidate == row.active
        assert row.note == ""


def test_a_candidate_trained_on_more_data_passes(
    proper: ModerationModel, more_data: ModerationModel, evidence: dict[str, list[Example]]
) -> None:
    comparison = compare(more_data, proper, evidence)

    assert comparison.passed
    rows = {row.set_name: row for row in comparison.sets}
    assert set(rows) == {"fixed", "site:daily"}
    assert rows["fixed"].candidate["roc_auc"] > 0.9
    assert rows["fixed"].examples == 150
    assert rows["fixed"].positives == sum(e.label == "toxic" for e in evidence["fixed"])


def test_without_an_active_model_every_set_passes_with_the_candidates_figures(
    shuffled: ModerationModel, evidence: dict[str, list[Example]]
) -> None:
    comparison = compare(shuffled, None, evidence)

    assert comparison.passed
    assert all(row.active is None and row.candidate for row in comparison.sets)


def test_thin_or_one_class_sets_are_reported_and_pass(
    proper: ModerationModel, shuffled: ModerationModel, evidence: dict[str, list[Example]]
) -> None:
    thin = evidence["fixed"][: MIN_EXAMPLES - 1]
    one_class = [e for e in evidence["site:daily"] if e.label == "clean"][:MIN_EXAMPLES]
    assert len(one_class) == MIN_EXAMPLES

    comparison = compare(shuffled, proper, {"site:thin": thin, "site:calm": one_class})

    assert comparison.passed
    rows = {row.set_name: row for row in comparison.sets}
    assert set(rows) == {"site:thin", "site:calm"}
    for row in rows.values():
        assert row.passed and row.note == "too little evidence to compare"
        assert row.candidate == {} and row.active is None
    assert rows["site:thin"].examples == MIN_EXAMPLES - 1
    assert rows["site:calm"].positives == 0


def test_sets_without_labels_for_a_head_are_left_out(
    proper: ModerationModel, shuffled: ModerationModel
) -> None:
    spam_only = [replace(e, tags=("task:spam",)) for e in synthetic(40, seed=14)]

    comparison = compare(shuffled, proper, {"site:spam": spam_only, "site:empty": []})

    assert comparison.sets == [] and comparison.passed


def test_the_tolerance_applies_to_the_confident_end_of_the_difference(
    proper: ModerationModel, shuffled: ModerationModel, evidence: dict[str, list[Example]]
) -> None:
    fixed = {FIXED_EVAL_SET: evidence[FIXED_EVAL_SET]}
    [row] = compare(shuffled, proper, fixed).sets
    # The upper ends of the 90 % intervals of (candidate - active): how much worse, at least.
    worst = max(-row.candidate[f"{m}_difference_interval"][1] for m in ("roc_auc", "pr_auc"))
    assert worst > 0

    assert compare(shuffled, proper, fixed, tolerance=worst + 0.001).passed
    refused = compare(shuffled, proper, fixed, tolerance=worst - 0.001)
    assert not refused.passed
    assert refused.tolerance == pytest.approx(worst - 0.001)


def test_a_small_drop_on_a_small_set_is_not_confidently_worse() -> None:
    rng = np.random.default_rng(3)
    y = np.array([1] * 12 + [0] * 60)
    active = np.where(y == 1, 0.9, 0.1) + rng.normal(0, 0.01, len(y))
    candidate = active.copy()
    candidate[0] = 0.05  # one positive now ranks below every negative

    low, high = difference_interval(y, candidate, active, "roc_auc")

    assert low < 0 and high > -DEFAULT_TOLERANCE


def test_precision_recall_and_flagged_share_are_read_at_the_sites_hold_threshold(
    proper: ModerationModel, evidence: dict[str, list[Example]]
) -> None:
    examples = evidence["site:daily"]
    texts = [e.text for e in examples]
    scores = sorted(row["toxicity"] for row in proper.predict_scores(texts))
    # Two thresholds with scored comments between them, wherever the model puts its scores.
    low_threshold, high_threshold = scores[len(scores) // 5], scores[-2]

    low = compare(
        proper, proper, {"site:daily": examples}, {"site:daily": {"toxicity": low_threshold}}
    )
    high = compare(
        proper, proper, {"site:daily": examples}, {"site:daily": {"toxicity": high_threshold}}
    )

    [at_low], [at_high] = low.sets, high.sets
    assert (at_low.threshold, at_high.threshold) == (low_threshold, high_threshold)
    assert at_low.candidate["flagged_share"] == pytest.approx(
        flagged_share(proper, texts, {"toxicity": low_threshold}), abs=1e-4
    )
    assert at_low.candidate["flagged_share"] > at_high.candidate["flagged_share"]
    assert at_low.candidate["recall"] >= at_high.candidate["recall"]
    # AUCs do not depend on the threshold.
    assert at_low.candidate["roc_auc"] == at_high.candidate["roc_auc"]
    # Without a threshold for the set, 0.5 is used.
    [default] = compare(proper, None, {"site:daily": examples}).sets
    assert default.threshold == 0.5


def test_flagged_share_counts_texts_over_any_hold_threshold(proper: ModerationModel) -> None:
    texts = [e.text for e in synthetic(40, seed=15)]
    scores = [row["toxicity"] for row in proper.predict_scores(texts)]

    assert flagged_share(proper, texts, {"toxicity": 0.5}) == pytest.approx(
        sum(s >= 0.5 for s in scores) / len(texts)
    )
    assert flagged_share(proper, texts, {"toxicity": 0.0}) == 1.0
    assert flagged_share(proper, [], {"toxicity": 0.5}) == 0.0
