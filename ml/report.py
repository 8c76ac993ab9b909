"""Evaluation reports: JSON for machines, Markdown for people, PNG plots for both."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ml.bias import AUC_METRICS, TARGETS

COLUMNS = (
    ("roc_auc", "ROC AUC"),
    ("pr_auc", "PR AUC"),
    ("precision_at_90_recall", "P@90%R"),
    ("recall_at_95_precision", "R@95%P"),
    ("f1_at_hold", "F1@hold"),
    ("f1_at_reject", "F1@reject"),
    ("calibration_error", "ECE"),
)


def _without_curves(result: dict[str, Any]) -> dict[str, Any]:
    return {
        **result,
        **{
            variant: {
                head: {k: v for k, v in table.items() if k != "curves"}
                for head, table in result[variant].items()
            }
            for variant in ("clean", "disguised", "translit")
            if variant in result
        },
    }


def _cell(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, float) else "–"


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "# Evaluation",
        "",
        f"Held-out split (by group within each source, after deduplication; random state "
        f"{result['random_state']}): {result['train_examples']} training and "
        f"{result['test_examples']} test examples. *Disguised* is the same test set passed "
        "through the perturbation generator (leetspeak, separators, stretched letters, "
        "look-alikes, zero-width characters, masking). Thresholds: hold "
        f"{result['thresholds']['hold']}, reject {result['thresholds']['reject']}.",
    ]
    for head, table in result["clean"].items():
        disguised = result["disguised"].get(head, {})
        lines += ["", f"## {head}", ""]
        header = "| set | n | pos | " + " | ".join(t for _, t in COLUMNS)
        lines += [header + " | ROC AUC disguised | Δ |", "|" + "---|" * (len(COLUMNS) + 5)]
        rows = [("all", table["all"], disguised.get("all", {}))]
        rows += [
            (f"source {name}", m, disguised.get("by_source", {}).get(name, {}))
            for name, m in table["by_source"].items()
        ]
        rows += [
            (f"language {name}", m, disguised.get("by_language", {}).get(name, {}))
            for name, m in table["by_language"].items()
        ]
        for name, clean, dis in rows:
            delta = (
                dis["roc_auc"] - clean["roc_auc"]
                if "roc_auc" in clean and "roc_auc" in dis
                else None
            )
            cells = " | ".join(_cell(clean.get(key)) for key, _ in COLUMNS)
            lines.append(
                f"| {name} | {clean['examples']} | {clean['positives']} | {cells} | "
                f"{_cell(dis.get('roc_auc'))} | {_cell(delta)} |"
            )
        latin = result.get("translit", {}).get(head, {}).get("all", {})
        cyrillic = table["by_language"].get("ru", {})
        if "roc_auc" in latin and "roc_auc" in cyrillic:
            lines += [
                "",
                f"Russian typed in Latin letters (the {latin['examples']} Russian test "
                f"comments, each letter spelt the most common Latin way): ROC AUC "
                f"{latin['roc_auc']:.3f}, against {cyrillic['roc_auc']:.3f} in Cyrillic.",
            ]
    if result.get("bias"):
        lines += bias_markdown(result["bias"], result.get("bias_head", "toxicity"))
    return "\n".join(lines) + "\n"


def _percent(value: Any) -> str:
    return f"{value:.0%}" if isinstance(value, float) else "–"


def bias_markdown(bias: Mapping[str, Mapping[str, Any]], head: str = "toxicity") -> list[str]:
    """The bias section: a summary line per language, then a table per language."""
    names = {"subgroup_auc": "subgroup AUC", "bpsn_auc": "BPSN AUC", "bnsp_auc": "BNSP AUC"}
    targets = ", ".join(f"{names[metric]} ≥ {value:g}" for metric, value in TARGETS.items())
    lines = [
        "",
        f"## bias ({head})",
        "",
        "Unintended bias on the project's templated comments (`ml/bias_templates.py`): the same "
        "civil and abusive sentences with each group's name put in, and comments naming no "
        "group. Subgroup AUC: abusive against civil comments naming the group. BPSN AUC: civil "
        "comments naming the group against abuse naming no one (low: civil comments about the "
        "group get held). BNSP AUC: abuse naming the group against civil comments naming no one "
        "(low: abuse aimed at the group slips through). Targets: "
        f"{targets}; the power mean (p = −5) weighs the worst identities most.",
        "",
        "| language | subgroup AUC | BPSN AUC | BNSP AUC | worst subgroup | worst BPSN |",
        "|---|---|---|---|---|---|",
    ]
    for language, result in bias.items():
        summary = result["summary"]
        means = " | ".join(_cell(summary[m]["power_mean"]) for m in AUC_METRICS)
        worst = " | ".join(
            f"{summary[m]['worst']} {_cell(summary[m]['worst_value'])}"
            for m in ("subgroup_auc", "bpsn_auc")
        )
        lines.append(f"| {language} | {means} | {worst} |")
    for language, result in bias.items():
        background = result["background"]
        lines += [
            "",
            f"### bias: {language}",
            "",
            "| identity | subgroup AUC | BPSN AUC | BNSP AUC | civil mean | civil held |",
            "|---|---|---|---|---|---|",
        ]
        for identity, m in result["identities"].items():
            lines.append(
                f"| {identity} | "
                + " | ".join(_cell(m[metric]) for metric in AUC_METRICS)
                + f" | {_cell(m['civil_mean'])} | {_percent(m['civil_held'])} |"
            )
        lines.append(
            f"| (no identity) | {_cell(background['auc'])} | | | "
            f"{_cell(background['civil_mean'])} | {_percent(background['civil_held'])} |"
        )
        summary = result["summary"]
        lines.append(
            "| power mean | "
            + " | ".join(_cell(summary[metric]["power_mean"]) for metric in AUC_METRICS)
            + " | | |"
        )
    return lines


def _save(figure: Any, path: Path) -> Path:
    import matplotlib.pyplot as plt

    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)
    return path


def _plots(result: dict[str, Any], out_dir: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.calibration import calibration_curve
    from sklearn.metrics import precision_recall_curve, roc_curve

    written = []
    for head, table in result["clean"].items():
        y = np.array(table["curves"]["y"])
        p = np.array(table["curves"]["p"])
        if len(set(y.tolist())) < 2:
            continue
        dis = result["disguised"][head]["curves"]
        figure, axes = plt.subplots(1, 3, figsize=(15, 4.5))
        for label, yy, pp in (
            ("clean", y, p),
            ("disguised", np.array(dis["y"]), np.array(dis["p"])),
        ):
            fpr, tpr, _ = roc_curve(yy, pp)
            axes[0].plot(fpr, tpr, label=label)
            precision, recall, _ = precision_recall_curve(yy, pp)
            axes[1].plot(recall, precision, label=label)
            observed, predicted = calibration_curve(yy, pp, n_bins=10, strategy="quantile")
            axes[2].plot(predicted, observed, marker="o", label=label)
        axes[0].set(title=f"{head}: ROC", xlabel="false positive rate", ylabel="true positive rate")
        axes[1].set(title=f"{head}: precision-recall", xlabel="recall", ylabel="precision")
        axes[2].plot([0, 1], [0, 1], linestyle=":", color="grey")
        axes[2].set(title=f"{head}: calibration", xlabel="predicted", ylabel="observed")
        for axis in axes:
            axis.legend()
        written.append(_save(figure, out_dir / f"{head}-curves.png"))

        languages = list(table["by_language"])
        clean_auc = [table["by_language"][lang].get("roc_auc", np.nan) for lang in languages]
        dis_auc = [
            result["disguised"][head]["by_language"][lang].get("roc_auc", np.nan)
            for lang in languages
        ]
        figure, axis = plt.subplots(figsize=(7, 4))
        x = np.arange(len(languages))
        axis.bar(x - 0.2, clean_auc, 0.4, label="clean")
        axis.bar(x + 0.2, dis_auc, 0.4, label="disguised")
        axis.set_xticks(x, languages)
        axis.set_ylim(0.5, 1.0)
        axis.set(title=f"{head}: ROC AUC per language", ylabel="ROC AUC")
        axis.legend()
        written.append(_save(figure, out_dir / f"{head}-languages.png"))
    return written


def bias_heat_map(results: Mapping[str, Mapping[str, Any]], path: Path, title: str) -> Path:
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
    rows = max(len(result["identities"]) for result in results.values())
    figure, axes = plt.subplots(
        1, len(results), figsize=(4.2 * len(results), 0.42 * rows + 2), sharey=True
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
    path.parent.mkdir(parents=True, exist_ok=True)
    return _save(figure, path)


def write_report(result: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write evaluation.json, evaluation.md and the plots; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / "evaluation.json"
    json_path.write_text(json.dumps(_without_curves(result), indent=2))
    md_path = out_dir / "evaluation.md"
    md_path.write_text(markdown(result))
    written = [json_path, md_path, *_plots(result, out_dir)]
    if result.get("bias"):
        head = result.get("bias_head", "toxicity")
        written.append(bias_heat_map(result["bias"], out_dir / f"{head}-bias.png", f"{head} bias"))
    return written
