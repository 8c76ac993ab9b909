"""Mixing benchmark: what fitting one toxicity score on every set costs each set.

The public recipe fits the toxicity score on four public sets and the seed corpus at once,
each source weighted to the same share of each class and the seed corpus to a third of the
whole (``ml.training.head_weights``): the sets call different things toxic (Davidson calls
nearly every tweet with a swear word offensive, the Russian set calls a quarter of its swearing
civil), and a site's comments are like none of them. This benchmark shows what that costs each
public set and what it buys the news-style comments of the holdout. On the split and test
samples of ``bench/quality.py``, the toxicity regression (the production settings, without
its calibration, which changes no ranking) is fitted:

- ``mix``: as production fits it;
- ``alone``: on one public set's training side only, scored on that set;
- ``no source weights``: on every source, with no sample weights (each class still balanced);
- ``copies A``: on features with a copy of every feature for each public set, scaled by A
  (Daumé's feature augmentation): a set's own habits can go to its copy, and only the shared
  weights are kept and scored, as a site's comments, which come from none of the sets, would
  be.

Usage: python bench/mixing.py [--data-dir ../shared/data] [--seed 0] [--copies 1,0.5,0.25]
Prints ROC AUC per set and variant and writes bench/results/mixing.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import clone
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from quality import test_sample  # noqa: E402 - after the path set-up above

from ml.datasets import DEFAULT_DATA_DIR  # noqa: E402
from ml.model import head_pipeline  # noqa: E402
from ml.recipes import recipe_examples  # noqa: E402
from ml.splits import split  # noqa: E402
from ml.training import head_weights  # noqa: E402

HEAD = "toxicity"
SEED_SOURCE = "seed"


def say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def with_copies(
    X: sparse.csr_matrix, sources: np.ndarray, copied: list[str], scale: float
) -> sparse.csr_matrix:
    """``X`` beside one copy of it per source in ``copied``, zero outside that source's rows."""
    blocks = [X] + [sparse.diags(scale * (sources == s).astype(np.float64)) @ X for s in copied]
    return sparse.hstack(blocks).tocsr()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-set", type=int, default=2000, help="test examples per set")
    parser.add_argument("--copies", default="1,0.5,0.25", help="scales of the copies to try")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "mixing.json")
    args = parser.parse_args()

    examples = recipe_examples("public", args.data_dir, progress=lambda line: say(f"read {line}"))
    train, test = split(examples, test_size=0.2, random_state=args.seed)
    labelled = [e for e in train if e.target(HEAD) is not None]
    tested = [e for e in test_sample(test, args.per_set, args.seed) if e.target(HEAD) is not None]
    y = np.array([e.target(HEAD) for e in labelled])
    weights = head_weights(HEAD, labelled, y)
    sources = np.array([e.source for e in labelled])
    public = sorted(set(sources) - {SEED_SOURCE})

    pipeline = head_pipeline(HEAD, random_state=args.seed)
    featurise, regression = pipeline[:-1], pipeline.named_steps["classify"].estimator
    say(f"featurising {len(labelled)} training and {len(tested)} test comments…")
    X = featurise.fit_transform([e.text for e in labelled]).tocsr()
    X_test = featurise.transform([e.text for e in tested]).tocsr()
    y_test = np.array([e.target(HEAD) for e in tested])
    test_sources = np.array([e.source for e in tested])
    sets = sorted(set(test_sources))

    def figures(decision: np.ndarray, only: list[str] | None = None) -> dict[str, float]:
        return {
            s: round(
                float(roc_auc_score(y_test[test_sources == s], decision[test_sources == s])), 4
            )
            for s in (only or sets)
            if len(set(y_test[test_sources == s].tolist())) == 2
        }

    def fitted(features: sparse.csr_matrix, target: np.ndarray, sample_weight: Any) -> Any:
        started = time.perf_counter()
        model = clone(regression).fit(features, target, sample_weight=sample_weight)
        say(f"  fitted in {time.perf_counter() - started:.0f} s")
        return model

    results: dict[str, dict[str, float]] = {}
    say("mix…")
    results["mix"] = figures(fitted(X, y, weights).decision_function(X_test))
    results["alone"] = {}
    for source in public:
        say(f"alone: {source}…")
        rows = sources == source
        model = fitted(X[rows], y[rows], None)
        results["alone"].update(figures(model.decision_function(X_test), only=[source]))
    say("no source weights…")
    results["no source weights"] = figures(fitted(X, y, None).decision_function(X_test))
    for scale in (float(value) for value in args.copies.split(",") if value):
        say(f"copies {scale:g}…")
        model = fitted(with_copies(X, sources, public, scale), y, weights)
        shared = model.coef_[0][: X.shape[1]]
        results[f"copies {scale:g}"] = figures(X_test @ shared + model.intercept_[0])

    variants = list(results)
    print(f"{'set':<28} " + " ".join(f"{v:>18}" for v in variants))
    for s in sets:
        cells = " ".join(
            f"{results[v][s]:>18.4f}" if s in results[v] else f"{'-':>18}" for v in variants
        )
        print(f"{s:<28} {cells}")
    print("(ROC AUC of the uncalibrated toxicity regression on bench/quality.py's test samples)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {"seed": args.seed, "train_examples": len(labelled), "results": results}, indent=2
        )
    )
    say(f"written to {args.out}")


if __name__ == "__main__":
    main()
