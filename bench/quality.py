"""Quality benchmark: our classifier beside what a site would install instead.

The public recipe (seed corpus plus the public datasets) is split as `commentguard evaluate`
splits it (deduplicated, by group within each source), our model is fitted on the training
side, and every toxicity test set is scored, clean and disguised by the perturbation
generator (and a set with Russian comments also written in Latin letters, as readers without a
Cyrillic keyboard type it: ``translit``), by:

- ours: the ``toxicity`` score;
- alt-profanity-check: ``predict_prob``;
- better-profanity: ``contains_profanity`` (a yes/no answer, so its ROC AUC is that of a
  single threshold).

The project's holdout (``ml/holdout/``: reader comments in the style of a news site, written
apart from the seed corpus and never trained on) is scored too, per language: it is the only
set with Azerbaijani comments. So is Perspective's own sample of Wikipedia talk comments (model
outputs, never trained on): each toxicity score is judged by how well it ranks the comments that
Perspective scores at least 0.5 on toxicity, identity attack, insult and threat
(``perspective:<attribute>``), a domain none of the training sets comes from.

Spam and deceptive-review sets are scored by ours only (neither peer detects them).
better-profanity takes milliseconds a text, so each set is measured on a
random sample of at most --per-set test examples (the same sample for every model). Prints a
table and writes bench/results/quality.json.

Usage: python bench/quality.py [--data-dir ../shared/data] [--seed 0] [--per-set 2000]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ml.corpus import Example, load_holdout  # noqa: E402 - after the path set-up above
from ml.datasets import (  # noqa: E402
    DEFAULT_DATA_DIR,
    PERSPECTIVE_SAMPLE,
    perspective_scores,
    read_all,
)
from ml.evaluation import ranking_figures  # noqa: E402
from ml.perturb import disguise_all  # noqa: E402
from ml.recipes import recipe_examples  # noqa: E402
from ml.splits import split  # noqa: E402
from ml.training import fit  # noqa: E402
from ml.translit import to_latin  # noqa: E402


def _peers() -> dict[str, Any]:
    from better_profanity import profanity
    from profanity_check import predict_prob

    profanity.load_censor_words()
    return {
        "alt-profanity-check": lambda texts: np.asarray(predict_prob(list(texts))),
        "better-profanity": lambda texts: np.array(
            [float(profanity.contains_profanity(t)) for t in texts]
        ),
    }


def test_sample(test: list[Example], per_set: int, seed: int) -> list[Example]:
    """At most ``per_set`` random examples of each source's test side, then the holdout's
    comments, each under the source ``holdout:<lang>``."""
    rng = random.Random(seed)
    by_source: dict[str, list[Example]] = {}
    for example in test:
        by_source.setdefault(example.source, []).append(example)
    sample = [
        e
        for source in sorted(by_source)
        for e in rng.sample(by_source[source], min(per_set, len(by_source[source])))
    ]
    return sample + [replace(e, source=f"holdout:{e.lang}") for e in load_holdout()]


# Perspective's attributes a toxicity score should rank, each as "scored at least 0.5".
PERSPECTIVE_ATTRIBUTES = ("toxicity@6", "identity_attack", "insult", "threat")


def perspective_agreement(
    predict: dict[str, Any], data_dir: Path, variants: dict[str, Any]
) -> list[dict[str, Any]]:
    """How well each toxicity score ranks the comments Perspective flags, per attribute.

    ``predict`` maps a scorer's name to a function of texts; ``variants`` maps a variant's name
    to a function turning the clean texts into it."""
    examples = read_all(data_dir, [PERSPECTIVE_SAMPLE], include_not_for_training=True)
    clean = [e.text for e in examples]
    given = [perspective_scores(e) for e in examples]
    flagged = {
        attribute: np.array([scores[attribute] >= 0.5 for scores in given], dtype=int)
        for attribute in PERSPECTIVE_ATTRIBUTES
    }
    results: list[dict[str, Any]] = []
    for variant, make in variants.items():
        texts = make(clean)
        scores = {name: np.asarray(function(texts)) for name, function in predict.items()}
        for attribute, y in flagged.items():
            entry = {
                "score": "toxicity",
                "set": f"perspective:{attribute}",
                "variant": variant,
                "examples": len(examples),
            }
            entry.update({name: ranking_figures(y, p) for name, p in scores.items()})
            results.append(entry)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-set", type=int, default=2000, help="test examples per set")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "quality.json")
    args = parser.parse_args()

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    examples = recipe_examples("public", args.data_dir, progress=lambda line: say(f"read {line}"))
    train, test = split(examples, test_size=0.2, random_state=args.seed)
    started = time.perf_counter()
    model = fit(train, random_state=args.seed, progress=say)
    say(f"fitted in {time.perf_counter() - started:.0f} s")
    test = test_sample(test, args.per_set, args.seed)
    clean = [e.text for e in test]
    texts = {
        "clean": clean,
        "disguised": disguise_all(clean),
        "translit": list(map(to_latin, clean)),
    }
    ours = {variant: model.predict_scores(t) for variant, t in texts.items()}
    peers = _peers()

    results: list[dict[str, Any]] = []
    for head in ("toxicity", "spam", "deceptive"):
        for source in sorted({e.source for e in test if e.target(head) is not None}):
            rows = [
                i for i, e in enumerate(test) if e.source == source and e.target(head) is not None
            ]
            y = np.array([test[i].target(head) for i in rows])
            if len(set(y.tolist())) < 2:
                continue
            # The Latin copy only of a set whose comments are mostly Russian.
            spelt = sum(test[i].lang == "ru" for i in rows) > len(rows) / 2
            for variant in ("clean", "disguised", "translit") if spelt else ("clean", "disguised"):
                subset = [texts[variant][i] for i in rows]
                entry = {"score": head, "set": source, "variant": variant, "examples": len(rows)}
                entry["ours"] = ranking_figures(y, np.array([ours[variant][i][head] for i in rows]))
                if head == "toxicity":
                    for name, predict in peers.items():
                        entry[name] = ranking_figures(y, predict(subset))
                results.append(entry)

    results += perspective_agreement(
        {
            "ours": lambda t: [scores["toxicity"] for scores in model.predict_scores(t)],
            **peers,
        },
        args.data_dir,
        {"clean": list, "disguised": disguise_all},
    )

    names = ["ours", "alt-profanity-check", "better-profanity"]
    print(f"{'score':<9} {'set':<28} {'variant':<10} " + " ".join(f"{n:>20}" for n in names))
    for entry in results:
        cells = " ".join(
            f"{entry[n]['roc_auc']:>20.4f}" if n in entry else f"{'-':>20}" for n in names
        )
        print(f"{entry['score']:<9} {entry['set']:<28} {entry['variant']:<10} {cells}")
    print("(ROC AUC; PR AUC is in the JSON)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({"seed": args.seed, "train_examples": len(train), "results": results}, indent=2)
    )
    say(f"written to {args.out}")


if __name__ == "__main__":
    main()
