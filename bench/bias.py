"""Unintended-bias benchmark: does the toxicity score punish civil comments for naming a group?

Trains a model as `commentguard train` does, scores the project's templated comments
(ml/bias_templates.py) and reports, per language and identity, subgroup AUC, BPSN AUC, BNSP AUC
and the civil mean beside their targets; the metrics and what each means are in ml/bias.py,
which `commentguard evaluate` uses too.

Usage: python bench/bias.py [--recipe seed|public] [--data-dir ../shared/data] [--seed 0]
                            [--templates FILE.jsonl]
The seed recipe trains in seconds (for trying); public, the default, takes minutes. Prints a table
per language and writes bench/results/bias.json and bench/results/bias.png (a heat map).

``--templates`` measures on a site's own templated comments instead of the project's: one JSON
object a line with ``lang``, ``identity`` (null for a comment naming no group), ``abusive``
(true or false), ``text`` and, optionally, ``template`` (an id shared by the comments filled
from one template). Comments its authors never showed the model are the fairer reading.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ml.bias import (  # noqa: E402 - after the path set-up
    AUC_METRICS,
    HEAD,
    POWER,
    TARGETS,
    TemplateError,
    measure,
    read_templates,
)
from ml.corpus import deduplicate  # noqa: E402
from ml.datasets import DEFAULT_DATA_DIR  # noqa: E402
from ml.model import ModerationModel  # noqa: E402
from ml.recipes import RECIPES, recipe_examples  # noqa: E402
from ml.report import bias_heat_map  # noqa: E402
from ml.training import fit  # noqa: E402
from service.moderation.policy import DEFAULT_THRESHOLDS  # noqa: E402

HOLD = DEFAULT_THRESHOLDS[HEAD]["hold"]


def train_model(recipe: str, data_dir: Path, seed: int, say: Any) -> tuple[ModerationModel, int]:
    """The recipe's toxicity head, fitted as `commentguard train` fits it, and its example count.

    Deduplicated over the whole recipe as training does, then only the examples labelled for
    toxicity are kept: the toxicity head is the one a site would run, and fitting the other
    heads on their own data would only cost time (spam is still fitted, on the seed rows).
    """
    examples = deduplicate(
        recipe_examples(recipe, data_dir, progress=lambda line: say(f"read {line}"))
    )
    labelled = [e for e in examples if e.target(HEAD) is not None]
    started = time.perf_counter()
    model = fit(labelled, random_state=seed, progress=say)
    say(f"fitted on {len(labelled)} examples in {time.perf_counter() - started:.0f} s")
    return model, len(labelled)


def _cell(value: float | None, target: float | None = None, width: int = 8) -> str:
    if value is None:
        return f"{'-':>{width}}  "
    mark = " <" if target is not None and value < target else "  "
    return f"{value:>{width}.3f}{mark}"


def _percent(value: float | None, width: int = 8) -> str:
    return f"{'-':>{width}}" if value is None else f"{value:>{width - 1}.0%} "


def table(language: str, result: Mapping[str, Any]) -> str:
    background = result["background"]
    first = next(iter(result["identities"].values()))
    lines = [
        f"[{language}] {HEAD}: {len(result['identities'])} identities x {first['civil']} civil + "
        f"{first['abusive']} abusive comments; background {background['civil']} civil + "
        f"{background['abusive']} abusive; all comments AUC {result['overall_auc']:.3f}",
        f"{'identity':<16}{'subgroup':>10}  {'BPSN':>8}  {'BNSP':>8}  {'civil':>8}  {'civil':>8}",
        f"{'':<16}{'AUC':>10}  {'AUC':>8}  {'AUC':>8}  {'mean':>8}  {f'>={HOLD:g}':>8}",
        f"{'(target)':<16}{'>=' + format(TARGETS['subgroup_auc'], 'g'):>10}  "
        f"{'>=' + format(TARGETS['bpsn_auc'], 'g'):>8}  {'':>8}  {'':>8}  {'':>8}",
    ]
    for identity, m in result["identities"].items():
        lines.append(
            f"{identity:<16}  {_cell(m['subgroup_auc'], TARGETS['subgroup_auc'])}"
            f"{_cell(m['bpsn_auc'], TARGETS['bpsn_auc'])}{_cell(m['bnsp_auc'])}"
            f"{_cell(m['civil_mean'])}{_percent(m['civil_held'])}"
        )
    # Comments naming no group: abusive against civil among them, in the subgroup column.
    lines.append(
        f"{'(no identity)':<16}  {_cell(background['auc'])}{'':>10}{'':>10}"
        f"{_cell(background['civil_mean'])}{_percent(background['civil_held'])}"
    )
    summary = result["summary"]
    lines.append(
        f"{'power mean -5':<16}  "
        + "".join(
            _cell(summary[metric]["power_mean"], TARGETS.get(metric)) for metric in AUC_METRICS
        )
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipe", choices=RECIPES, default="public")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "bias.json")
    parser.add_argument("--figure", type=Path, default=ROOT / "bench" / "results" / "bias.png")
    parser.add_argument("--templates", type=Path, help="a site's own templated comments (JSONL)")
    args = parser.parse_args()
    own: dict[str, list[dict[str, Any]]] | None = None
    if args.templates is not None:
        try:
            own = read_templates(args.templates)
        except (OSError, TemplateError) as error:
            raise SystemExit(str(error)) from None

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    say(f"training the {args.recipe} model…")
    model, trained_on = train_model(args.recipe, args.data_dir, args.seed, say)
    if own is None:
        results = measure(model, head=HEAD, hold=HOLD)
    else:
        rows: Mapping[str, Sequence[dict[str, Any]]] = own
        results = measure(model, rows.__getitem__, list(rows), head=HEAD, hold=HOLD)

    print(
        f"unintended bias of the {HEAD} score, {args.recipe} recipe (seed {args.seed}); "
        f"'<' marks a figure below its target"
    )
    for language, result in results.items():
        print()
        print(table(language, result))

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "recipe": args.recipe,
                "seed": args.seed,
                "templates": str(args.templates) if args.templates else "ml/bias_templates.py",
                "score": HEAD,
                "trained_on": trained_on,
                "hold_threshold": HOLD,
                "targets": TARGETS,
                "power": POWER,
                "languages": results,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    bias_heat_map(results, args.figure, f"{HEAD} bias, {args.recipe} recipe")
    say(f"written to {args.out} and {args.figure}")


if __name__ == "__main__":
    main()
