"""Unintended-bias benchmark: does the toxicity score punish civil comments for naming a group?

A classifier trained on abuse data sees group names mostly inside abuse and learns that naming
Armenians, Russians, Jews, women or gay people is itself abuse. On a news site that means the
civil comments of the very communities an article is about get held or rejected. This script
trains a model, scores the project's templated comments (bench/bias_templates.py: the same
civil and abusive sentences with each group's name put in, plus comments naming no group) and
reports, per language and identity, the unintended-bias metrics of Borkan et al. (2019):

- subgroup AUC: abusive against civil among comments naming the group. Low means that, for
  comments about this group, the score cannot tell abuse from civil discussion at all; no
  threshold moderates them well.
- BPSN AUC (background positive, subgroup negative): civil comments naming the group against
  abusive comments naming no group. Low means civil comments about the group score like plain
  abuse: at any threshold that catches insults to readers, the group's civil comments get held
  too (false positives fall on the group).
- BNSP AUC (background negative, subgroup positive): abusive comments naming the group against
  civil comments naming no group. Low means abuse aimed at the group scores like ordinary civil
  talk: hate against the group gets through (false negatives fall on the group).
- civil mean: the mean toxicity score of the group's civil comments, beside the mean of civil
  comments naming no group; civil held is the share of them at or above the default hold
  threshold, i.e. what a site on default settings would send to its moderators.

Targets (shown beside the figures, never asserted): subgroup AUC >= 0.95 and BPSN AUC >= 0.95.
The power mean (p = -5) of each AUC over the identities, as in the Jigsaw challenge, summarises a
language while weighing its worst identities most. Every identity fills the same templates, so with
a linear model the name shifts all of a group's comments by about the same amount and subgroup AUC
barely differs between identities (it measures how hard the templates are); a name's own pull
shows in BPSN, BNSP and the civil mean. The templates are short and few: read the figures as a
comparison between identities and between models, not as a field error rate.

Usage: python bench/bias.py [--recipe seed|public] [--data-dir ../shared/data] [--seed 0]
The seed recipe trains in seconds (for trying); public, the default, takes minutes. Prints a table
per language and writes bench/results/bias.json and bench/results/bias.png (a heat map).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bias_templates import IDENTITIES, LANGUAGES, build  # noqa: E402 - after the path set-up
from ml.corpus import deduplicate  # noqa: E402
from ml.datasets import DEFAULT_DATA_DIR  # noqa: E402
from ml.model import ModerationModel  # noqa: E402
from ml.recipes import RECIPES, recipe_examples  # noqa: E402
from ml.training import fit  # noqa: E402
from service.moderation.policy import DEFAULT_THRESHOLDS  # noqa: E402

HEAD = "toxicity"
HOLD = DEFAULT_THRESHOLDS[HEAD]["hold"]
TARGETS: dict[str, float] = {"subgroup_auc": 0.95, "bpsn_auc": 0.95}
AUC_METRICS = ("subgroup_auc", "bpsn_auc", "bnsp_auc")
POWER = -5.0

Row = Mapping[str, Any]


# --- metrics (no model, no I/O: rows and their scores in, figures out) -------------------------


def auc(abusive: Sequence[bool], scores: Sequence[float]) -> float | None:
    """ROC AUC of ``scores`` for the abusive rows, or None when one class is missing."""
    labels = np.asarray(abusive, dtype=bool)
    if labels.all() or not labels.any():
        return None
    return round(float(roc_auc_score(labels, np.asarray(scores, dtype=float))), 4)


def _mean(values: Sequence[float]) -> float | None:
    return round(float(np.mean(values)), 4) if len(values) else None


def _share_at_or_above(values: Sequence[float], threshold: float) -> float | None:
    return round(float(np.mean(np.asarray(values) >= threshold)), 4) if len(values) else None


def identity_metrics(
    rows: Sequence[Row], scores: Sequence[float], identity: str, hold: float = HOLD
) -> dict[str, float | int | None]:
    """Subgroup, BPSN and BNSP AUC and the civil score figures for one identity.

    The background is the rows that name no identity (``identity`` None), so that a comment
    about another group never counts as background for this one.
    """
    subgroup = [i for i, row in enumerate(rows) if row["identity"] == identity]
    background = [i for i, row in enumerate(rows) if row["identity"] is None]

    def pick(indices: Sequence[int], abusive: bool) -> list[int]:
        return [i for i in indices if bool(rows[i]["abusive"]) is abusive]

    def auc_of(indices: Sequence[int]) -> float | None:
        return auc([bool(rows[i]["abusive"]) for i in indices], [scores[i] for i in indices])

    civil = [scores[i] for i in pick(subgroup, False)]
    abusive = [scores[i] for i in pick(subgroup, True)]
    return {
        "subgroup_auc": auc_of(subgroup),
        "bpsn_auc": auc_of(pick(subgroup, False) + pick(background, True)),
        "bnsp_auc": auc_of(pick(subgroup, True) + pick(background, False)),
        "civil_mean": _mean(civil),
        "civil_held": _share_at_or_above(civil, hold),
        "abusive_mean": _mean(abusive),
        "civil": len(civil),
        "abusive": len(abusive),
    }


def bias_metrics(
    rows: Sequence[Row], scores: Sequence[float], hold: float = HOLD
) -> dict[str, dict[str, float | int | None]]:
    """:func:`identity_metrics` for every identity named among ``rows``, in first-seen order."""
    if len(rows) != len(scores):
        raise ValueError(f"{len(rows)} rows but {len(scores)} scores")
    identities = dict.fromkeys(row["identity"] for row in rows if row["identity"] is not None)
    return {identity: identity_metrics(rows, scores, identity, hold) for identity in identities}


def background_metrics(
    rows: Sequence[Row], scores: Sequence[float], hold: float = HOLD
) -> dict[str, float | int | None]:
    """The same figures for the rows naming no identity: the reference the groups are held to."""
    indices = [i for i, row in enumerate(rows) if row["identity"] is None]
    civil = [scores[i] for i in indices if not rows[i]["abusive"]]
    abusive = [scores[i] for i in indices if rows[i]["abusive"]]
    return {
        "auc": auc([bool(rows[i]["abusive"]) for i in indices], [scores[i] for i in indices]),
        "civil_mean": _mean(civil),
        "civil_held": _share_at_or_above(civil, hold),
        "abusive_mean": _mean(abusive),
        "civil": len(civil),
        "abusive": len(abusive),
    }


def template_means(rows: Sequence[Row], scores: Sequence[float]) -> list[dict[str, Any]]:
    """Mean score of each template over the identities it was filled with, hardest first.

    Hardest means highest for a civil template and lowest for an abusive one: what the model gets
    wrong whichever group is named (subgroup AUC below target comes from these).
    """
    groups: dict[tuple[str, int], list[int]] = {}
    for i, row in enumerate(rows):
        groups.setdefault((row["family"], row["template"]), []).append(i)
    means = [
        {
            "family": family,
            "template": template,
            "abusive": bool(rows[indices[0]]["abusive"]),
            "mean": round(float(np.mean([scores[i] for i in indices])), 4),
            "example": rows[indices[0]]["text"],
        }
        for (family, template), indices in groups.items()
    ]
    # How wrong each template is on average: 1 - mean for abusive ones, the mean for civil ones.
    return sorted(means, key=lambda m: m["mean"] - 1 if m["abusive"] else -m["mean"])


def power_mean(values: Sequence[float | None], p: float = POWER) -> float | None:
    """Generalised mean with exponent ``p``; a negative ``p`` weighs the lowest values most."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    if min(present) <= 0:
        return 0.0
    return round(float(np.mean(np.power(present, p)) ** (1.0 / p)), 4)


def summarise(per_identity: Mapping[str, Mapping[str, float | int | None]]) -> dict[str, Any]:
    """Power mean and worst identity of each AUC; identities below each target."""
    summary: dict[str, Any] = {}
    for metric in AUC_METRICS:
        values = {name: m[metric] for name, m in per_identity.items() if m[metric] is not None}
        worst = min(values, key=lambda name: values[name]) if values else None
        summary[metric] = {
            "power_mean": power_mean(list(values.values())),
            "worst": worst,
            "worst_value": values[worst] if worst is not None else None,
        }
        if metric in TARGETS:
            summary[metric]["below_target"] = [
                name for name, value in values.items() if value < TARGETS[metric]
            ]
    return summary


# --- training, scoring, output ----------------------------------------------------------------


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


def evaluate_language(model: ModerationModel, language: str) -> dict[str, Any]:
    rows = build(language)
    scores = [s[HEAD] for s in model.predict_scores([row["text"] for row in rows])]
    identities = bias_metrics(rows, scores)
    civil_mentions = sorted(
        (
            (score, row)
            for row, score in zip(rows, scores, strict=True)
            if row["identity"] is not None and not row["abusive"]
        ),
        key=lambda pair: pair[0],
        reverse=True,
    )
    return {
        "comments": len(rows),
        "overall_auc": auc([bool(row["abusive"]) for row in rows], scores),
        "background": background_metrics(rows, scores),
        "identities": identities,
        "summary": summarise(identities),
        "templates": template_means(rows, scores),
        "highest_scoring_civil": [
            {"identity": row["identity"], "score": round(score, 4), "text": row["text"]}
            for score, row in civil_mentions[:10]
        ],
    }


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


def heat_map(results: Mapping[str, Mapping[str, Any]], path: Path, title: str) -> None:
    """Identity by metric, one panel per language; green is good, red is bias against a group."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import TwoSlopeNorm

    # AUCs turn from red to green at the 0.95 target. A civil mean is coloured by how far the
    # group's name moves it from the language's civil comments naming no group (±0.15 saturates).
    auc_colours = TwoSlopeNorm(vmin=0.5, vcenter=TARGETS["bpsn_auc"], vmax=1.0)
    columns = [*AUC_METRICS, "civil_mean"]
    labels = ["subgroup\nAUC", "BPSN\nAUC", "BNSP\nAUC", "civil\nmean"]
    figure, axes = plt.subplots(
        1, len(results), figsize=(4.2 * len(results), 0.42 * len(IDENTITIES) + 2), sharey=True
    )
    axes = np.atleast_1d(axes)
    for axis, (language, result) in zip(axes, results.items(), strict=True):
        names = list(result["identities"])
        cells = [[result["identities"][name][c] for c in columns] for name in names]
        values = np.array([[np.nan if v is None else v for v in row] for row in cells], dtype=float)
        aucs = np.ma.masked_invalid(np.where(np.arange(len(columns)) < 3, values, np.nan))
        civil = np.ma.masked_invalid(np.where(np.arange(len(columns)) == 3, values, np.nan))
        axis.imshow(aucs, cmap="RdYlGn", norm=auc_colours, aspect="auto")
        background = result["background"]["civil_mean"]
        civil_colours = TwoSlopeNorm(
            vmin=background - 0.15, vcenter=background, vmax=background + 0.15
        )
        axis.imshow(civil, cmap="RdYlGn_r", norm=civil_colours, aspect="auto")
        for (r, c), value in np.ndenumerate(values):
            if not math.isnan(value):
                axis.text(c, r, f"{value:.2f}", ha="center", va="center", fontsize=8)
        axis.set_xticks(range(len(columns)), labels, fontsize=8)
        axis.set_yticks(range(len(names)), names)
        axis.set_title(f"{language} (no-identity civil mean {background:.2f})", fontsize=10)
    figure.suptitle(
        f"{title}: AUCs red below the {TARGETS['bpsn_auc']:g} target, green above; "
        "civil mean red above, green below that of civil comments naming no group"
    )
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=90)
    plt.close(figure)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipe", choices=RECIPES, default="public")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "bias.json")
    parser.add_argument("--figure", type=Path, default=ROOT / "bench" / "results" / "bias.png")
    args = parser.parse_args()

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    say(f"training the {args.recipe} model…")
    model, trained_on = train_model(args.recipe, args.data_dir, args.seed, say)
    results = {language: evaluate_language(model, language) for language in LANGUAGES}

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
    heat_map(results, args.figure, f"{HEAD} bias, {args.recipe} recipe")
    say(f"written to {args.out} and {args.figure}")


if __name__ == "__main__":
    main()
