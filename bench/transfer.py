"""Transfer benchmark: toxicity on comments from a source or a language the model never saw.

A site's comments are not tweets, nor forum posts, nor the seed corpus: what matters is how
well the score holds on text unlike anything it was trained on. Each public toxicity set is
left out in turn: the toxicity score is fitted on everything else of the public recipe (the
seed corpus included) and scored on the whole of the set left out. Azerbaijani, which has no
public labelled set, is left out as a language: the model is fitted without a single
Azerbaijani comment and scored on the seed corpus's and the holdout's Azerbaijani ones, which
shows how much of what it learns from Turkish and the word lists carries over.

The score is fitted as production fits it (the same pipeline, sample weights and
regularisation) without its calibration: that sigmoid is monotone and changes no ranking, so no
ROC AUC. alt-profanity-check, which was trained on none of these sets, scores the same texts.

``--without abuse`` (or ``words``, ``chars``, ``signals``) fits the score without that block of
features, to show what the block carries over to unseen comments.

Usage: python bench/transfer.py [--data-dir ../shared/data] [--seed 0] [--without BLOCK]
Prints a table and writes bench/results/transfer.json (transfer-without-BLOCK.json).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ml.corpus import Example, deduplicate, load_holdout  # noqa: E402 - after the path set-up
from ml.datasets import DEFAULT_DATA_DIR  # noqa: E402
from ml.evaluation import ranking_figures  # noqa: E402
from ml.model import head_pipeline  # noqa: E402
from ml.recipes import recipe_examples  # noqa: E402
from ml.training import head_weights  # noqa: E402

HEAD = "toxicity"
UNSEEN_LANGUAGE = "az"
BLOCKS = ("words", "chars", "signals", "abuse")


def _fit_toxicity(
    train: Sequence[Example], seed: int, without: str | None
) -> Callable[[list[str]], np.ndarray]:
    y = np.array([e.target(HEAD) for e in train])
    head = head_pipeline(HEAD, random_state=seed)
    head.set_params(classify=head.named_steps["classify"].estimator)
    if without:
        head.set_params(**{f"features__{without}": "drop"})
    head.fit([e.text for e in train], y, classify__sample_weight=head_weights(HEAD, train, y))
    return head.decision_function


def _experiments(
    examples: list[Example], holdout: list[Example]
) -> list[tuple[str, list[Example], list[Example]]]:
    """(name, train, test) for each source left out, and for the unseen language."""
    sources = sorted({e.source for e in examples} - {"seed"})
    runs = [
        (
            f"source:{source}",
            [e for e in examples if e.source != source],
            [e for e in examples if e.source == source],
        )
        for source in sources
    ]
    without = [e for e in examples if e.lang != UNSEEN_LANGUAGE]
    unseen = [e for e in examples + holdout if e.lang == UNSEEN_LANGUAGE]
    return [*runs, (f"language:{UNSEEN_LANGUAGE}", without, unseen)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--without", choices=BLOCKS, help="leave this block of features out")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    name = f"transfer-without-{args.without}" if args.without else "transfer"
    out = args.out or ROOT / "bench" / "results" / f"{name}.json"

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    from profanity_check import predict_prob

    examples = deduplicate(
        e
        for e in recipe_examples("public", args.data_dir, progress=lambda s: say(f"read {s}"))
        if e.target(HEAD) is not None
    )
    holdout = [e for e in load_holdout() if e.target(HEAD) is not None]
    experiments = _experiments(examples, holdout)
    results: list[dict[str, Any]] = []
    for done, (name, train, test) in enumerate(experiments):
        started = time.perf_counter()
        say(f"[{done + 1}/{len(experiments)}] {name}: fitting on {len(train)} examples")
        decision = _fit_toxicity(train, args.seed, args.without)
        texts = [e.text for e in test]
        y = np.array([e.target(HEAD) for e in test])
        results.append(
            {
                "left_out": name,
                "train_examples": len(train),
                "test_examples": len(test),
                "ours": ranking_figures(y, decision(texts)),
                "alt-profanity-check": ranking_figures(y, np.asarray(predict_prob(texts))),
            }
        )
        say(f"[{done + 1}/{len(experiments)}] {name}: {time.perf_counter() - started:.0f} s")

    print(f"{'left out':<38} {'test':>7} {'ours':>8} {'alt-profanity-check':>20}")
    for entry in results:
        print(
            f"{entry['left_out']:<38} {entry['test_examples']:>7} "
            f"{entry['ours']['roc_auc']:>8.4f} {entry['alt-profanity-check']['roc_auc']:>20.4f}"
        )
    print("(ROC AUC of the toxicity score on the set left out; PR AUC is in the JSON)")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps({"seed": args.seed, "without": args.without, "results": results}, indent=2)
    )
    say(f"written to {out}")


if __name__ == "__main__":
    main()
